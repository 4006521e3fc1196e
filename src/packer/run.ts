// Run packer through src/process, stream its machine-readable output as job events; SIGINT on abort, SIGKILL after a grace period.
import { HangarError } from '../errors.js';
import type { Emitter, Scope } from '../jobs/events.js';
import { describeCommand } from '../process/command.js';
import { runProcess } from '../process/run.js';
import type { PackerCommand } from './command.js';
import { BuildSummary, eventsOfLine } from './parse.js';

/** About how many `==>` steps an amazon-ebs build prints: the progress total until the build says more. */
export const EXPECTED_STEPS = 20;

export interface PackerIo {
  emit: Emitter;
  signal: AbortSignal;
  scope: Scope;
  /** After SIGINT, how long packer may clean up before SIGKILL (ms). */
  graceMs?: number | undefined;
}

/** Turns packer's lines into job events and a summary; shared by real and simulated builds. */
export function createLineSink(io: Pick<PackerIo, 'emit' | 'scope'>, expectedSteps = EXPECTED_STEPS) {
  const { emit, scope } = io;
  const summary = new BuildSummary();
  const onLine = (raw: string): void => {
    for (const event of eventsOfLine(raw)) {
      summary.add(event);
      switch (event.kind) {
        case 'step':
          // One line per build step: the step is the progress label (the CLI prints `label: n/total`).
          emit.progress(summary.steps, Math.max(expectedSteps, summary.steps), event.text, scope);
          break;
        case 'log':
          if (event.level === 'error') emit.warn(event.text, scope);
          else emit.log(event.text, scope);
          break;
        case 'artifact':
          if (event.key === 'id') emit.log(`artifact: ${event.value}`, scope);
          break;
        case 'error':
          emit.debug(`packer error (${event.target || 'packer'}): ${event.text}`, scope);
          break;
        case 'other':
          emit.debug(`packer ${event.line.type}: ${event.line.data.join(',')}`, scope);
          break;
      }
    }
  };
  return { onLine, summary };
}

/**
 * Runs `command` and resolves with what the build produced when packer exits 0.
 * Throws a HangarError when packer is missing, fails (its exit code decides) or is interrupted.
 */
export async function runPacker(command: PackerCommand, io: PackerIo): Promise<BuildSummary> {
  const { emit, signal, scope } = io;
  signal.throwIfAborted();
  emit.debug(`$ ${describeCommand(command)}  (in ${command.cwd})`, scope);
  const { onLine, summary } = createLineSink(io);
  const graceMs = io.graceMs ?? 60_000;
  const onAbort = () => emit.warn('interrupting packer (SIGINT): it cleans up what it created', scope);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    // Same process group: a terminal's ctrl-c reaches packer too (it acts on the first interrupt only), and
    // execa's cleanup sends SIGTERM to packer (which cleans up like on SIGINT) if hangar itself is killed.
    const result = await runProcess(command, { signal, killSignal: 'SIGINT', graceMs, onLine });
    if (result.missing) {
      throw new HangarError('packer.missing', `packer not found: ${command.file}`, {
        hint: 'install packer (https://developer.hashicorp.com/packer) or point PACKER_BIN at it',
      });
    }
    const exit = result.exitCode ?? result.signal ?? 'unknown';
    if (result.cancelled || signal.aborted) {
      const killed = result.signal === 'SIGKILL' ? `; still running ${Math.round(graceMs / 1000)}s after SIGINT, so killed` : '';
      throw new HangarError('job.cancelled', `packer build interrupted (packer exited: ${exit}${killed})`, {
        hint: 'packer deletes its temporary instance, key pair and security group on SIGINT; check the console if it was killed',
      });
    }
    if (result.exitCode !== 0) {
      const last = summary.errors.at(-1)?.split('\n')[0]?.trim();
      throw new HangarError('packer.failed', `packer build failed (exit ${exit})${last ? `: ${last}` : ''}`, {
        hint: "the log above has packer's output; run with --debug for every machine-readable line",
      });
    }
    emit.progress(summary.steps, summary.steps, 'build finished', scope);
    return summary;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
