// Provision a list of hosts over ssh, N at a time: live prefixed output, a summary table, an error when any failed.
import { getMaxListeners, setMaxListeners } from 'node:events';
import { HangarError } from '../errors.js';
import type { Emitter } from '../jobs/events.js';
import { describeCommand } from '../process/command.js';
import { type SshOptions, buildSshCommand } from './command.js';
import { fanOutStaged } from './canary.js';
import { type DeployTarget, type HostResult, type RepoStatus, type TargetSync, isFailure } from './fan-out.js';
import { type RunOutcome, type Runner, runCommand } from './runner.js';
import { SYNC_LINE, buildRemoteCommand } from './sync-script.js';
import { sshAhead } from './ssh-ahead.js';
import type { Gate } from './connect-ahead.js';
import { formatDuration } from '../format/time.js';
import { formatTable, formatTally, tally, toRows } from './summary.js';
import { formatCount } from '../format/plural.js';

/** What one host's run is about (a stand-in that does not run the command shows it). */
export interface HostJob {
  role: string;
  sync?: TargetSync | undefined;
  command?: string | undefined;
}

/** Picks the runner of one host's provision run: ssh through runCommand, or a stand-in (the sandbox's simulation). */
export type HostRunner = (job: HostJob) => Runner;

/** The real one: ssh. */
export const sshHostRunner: HostRunner = () => runCommand;

export interface DeployPlan {
  targets: readonly DeployTarget[];
  ssh: SshOptions;
  /** Run on each host by its shell, e.g. `sudo chef-solo -j /etc/chef/dna.json`. */
  remoteCommand: string;
  concurrency: number;
  maxFailures?: number | undefined;
  /** Per host, ms. */
  timeoutMs?: number | undefined;
  /** Who runs each host's command; default ssh. */
  hostRunner?: HostRunner | undefined;
  /** The runs are simulated (said in the log and the result). */
  simulated: boolean;
  /** Which address the targets carry (for the error when one has none). */
  addressKind?: 'private' | 'public' | undefined;
  /** The first K targets run first as one batch; the rest only when all K succeeded (0/unset: no canary). */
  canary?: number | undefined;
  /** After a good canary, wait this long before the rest (ms). */
  canaryPauseMs?: number | undefined;
}

export interface DeployIo {
  emit: Emitter;
  signal: AbortSignal;
  /** Overrides the runner (tests); default: the plan's host runner. */
  runner?: Runner | undefined;
}

/** Runs the plan; resolves with every host's result when all succeeded, else throws after the summary. */
export async function deployHosts(io: DeployIo, plan: DeployPlan): Promise<HostResult[]> {
  const { emit, signal } = io;
  const total = plan.targets.length;
  const label = plan.simulated ? ' (simulated: sandbox, no ssh)' : '';
  const canary = plan.canary && plan.canary < total ? plan.canary : 0;
  emit.log(
    `provisioning ${formatCount(total, 'host')}${canary ? `: a canary of ${canary} first, then the other ${total - canary}` : ''}, ${plan.concurrency} at a time: ${plan.remoteCommand}${label}`,
  );
  if (plan.canary && !canary) emit.log(`--canary ${plan.canary} covers every one of the ${formatCount(total, 'host')}: one stage`);
  // Each ssh under way listens for the cancel: N running, N waiting for their turn, and the job's own listeners.
  setMaxListeners(Math.max(getMaxListeners(signal), 3 * plan.concurrency + 10), signal);
  let done = 0;
  const runHost = async (target: DeployTarget, gate?: Gate): Promise<RunOutcome & { repo?: RepoStatus | undefined }> => {
    const scope = { group: target.group, source: target.instanceId };
    if (!target.address) {
      const kind = plan.addressKind ?? 'private';
      const reason = `the instance has no ${kind} address${kind === 'public' ? ' (drop --public to use the private one)' : ''}`;
      return { status: 'error', exitCode: undefined, durationMs: 0, reason };
    }
    const sync = target.sync;
    const remote = buildRemoteCommand(
      plan.remoteCommand,
      sync && { repoPath: sync.repoPath, configPath: sync.configPath, bundleHash: sync.bundle.bundleHash, sudo: sync.sudo },
    );
    const command = buildSshCommand({ address: target.address, user: target.user }, plan.ssh, remote, { waitForTurn: gate !== undefined });
    emit.debug(describeCommand(command), scope);
    const runner = io.runner ?? (plan.hostRunner ?? sshHostRunner)({ role: `role-${target.group}`, sync, command: plan.remoteCommand });
    let repo: RepoStatus | undefined;
    // The sync's answer decides what goes on stdin: the tar when the node's copy differs, else nothing.
    const converse = (line: string): Buffer | 'close' | undefined => {
      const said = SYNC_LINE.exec(line);
      if (!sync || !said) return undefined;
      if (said[1] === 'current') {
        repo = 'current';
        return 'close';
      }
      if (said[1] === 'updated') repo = 'updated';
      if (said[1] !== 'send') return undefined;
      emit.log(
        `shipping the chef repo ${sync.bundle.repoHash} (${formatCount(sync.bundle.files, 'file')} + dna.json and solo.rb, ${sync.bundle.tar.length} bytes; the node had ${said[2]})`,
        scope,
      );
      return sync.bundle.tar;
    };
    const outcome = await runner(command, {
      // Started ahead: stopped by a cancel, or when its turn never comes; the command waits for the turn.
      signal: gate ? AbortSignal.any([signal, gate.signal]) : signal,
      turn: gate?.turn,
      timeoutMs: plan.timeoutMs,
      onLine: (line) => emit.log(line, scope),
      ...(sync ? { converse } : {}),
    });
    return { ...outcome, repo: sync ? (repo ?? 'not-updated') : undefined };
  };
  const { results, stages, canaryFailed } = await fanOutStaged(plan.targets, {
    canary,
    pauseMs: plan.canaryPauseMs,
    onStage: (stage, hosts) => {
      if (stage === 'canary') emit.step(`canary: ${formatCount(hosts, 'host')} first, as one batch`);
      // The workbench counts the pause down (wait event); a cancel wakes it.
      else if (stage === 'pause') {
        emit.step(`canary pause: ${(plan.canaryPauseMs ?? 0) / 1000} s`);
        emit.wait('canary pause', (plan.canaryPauseMs ?? 0) / 1000);
      } else emit.step(`canary passed: the other ${formatCount(hosts, 'host')}, ${plan.concurrency} at a time`);
    },
    concurrency: plan.concurrency,
    maxFailures: plan.maxFailures,
    signal,
    runHost,
    // With connection reuse, the next N hosts log in while N run, and wait for their turn (a simulation has no ssh).
    connect: plan.simulated ? undefined : sshAhead(plan.ssh),
    onStart: (target) =>
      emit.step(`${plan.simulated ? 'simulating provision on' : 'provisioning'} ${target.address ?? '(no address)'}`, {
        group: target.group,
        source: target.instanceId,
      }),
    onEnd: (result) => {
      done++;
      const scope = { group: result.target.group, source: result.target.instanceId };
      const took = formatDuration(result.durationMs);
      if (result.status === 'ok') emit.log(`done in ${took}`, scope);
      else
        emit.warn(
          `${result.status}${result.exitCode === undefined ? '' : ` (exit ${result.exitCode})`} after ${took}${result.reason ? `: ${result.reason}` : ''}`,
          scope,
        );
      emit.progress(done, total, 'hosts');
    },
  });
  const rows = toRows(results, stages);
  const counts = tally(results);
  emit.result({ simulated: plan.simulated, hosts: rows }, `${formatTable(rows)}\n${formatTally(counts)}${label}`);
  if (signal.aborted) {
    throw new HangarError('deploy.cancelled', `deploy cancelled: ${formatTally(counts)}`, {
      hint: 'hosts that did not run are listed above; run instance:deploy again for them',
    });
  }
  const failed = results.filter((r) => isFailure(r.status));
  if (canaryFailed) {
    throw new HangarError(
      'deploy.canary',
      `canary failed: ${canaryFailed.failed.length} of ${formatCount(canary, 'canary host')} failed: ${canaryFailed.failed.map((r) => r.target.instanceId).join(', ')}; ${formatCount(canaryFailed.untouched, 'host')} left untouched (not started)`,
      { hint: "see the canary hosts' output above; fix it, then run instance:deploy again" },
    );
  }
  if (failed.length > 0) {
    const stopped = counts.notRun.length ? `; ${counts.notRun.length} not started (--max-failures ${plan.maxFailures})` : '';
    throw new HangarError(
      'deploy.failed',
      `${failed.length} of ${formatCount(total, 'host')} failed: ${failed.map((r) => r.target.instanceId).join(', ')}${stopped}`,
      {
        hint: "see each host's output above (prefixed with its group and instance id); run with --debug to see the ssh command",
      },
    );
  }
  return results;
}
