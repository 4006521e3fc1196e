// Run one job per host, at most N at once, the next starting as soon as one ends; stop on abort or after K failures.
import pLimit from 'p-limit';
import type { ChefBundle } from '../chef/bundle.js';
import { type Ahead, type Gate, connectAhead } from './connect-ahead.js';
import type { RunOutcome, RunStatus } from './runner.js';
import { formatCount } from '../format/plural.js';

/** The chef repo a host receives before its provision run (unset: nothing is shipped). */
export interface TargetSync {
  bundle: ChefBundle;
  repoPath: string;
  configPath: string;
  /** Run the sync with `sudo -n`. */
  sudo: boolean;
}

/** What happened to the host's repo copy: shipped and switched, already current, or shipped but not switched. */
export type RepoStatus = 'updated' | 'current' | 'not-updated';

/** One node to provision. */
export interface DeployTarget {
  instanceId: string;
  group: string;
  /** The Name tag, for people. */
  name?: string | undefined;
  /** The address ssh connects to; undefined when the instance has none of the kind asked for. */
  address: string | undefined;
  /** Login name (the group's ssh_username). */
  user?: string | undefined;
  sync?: TargetSync | undefined;
}

export type HostStatus = RunStatus | 'not-run';

export interface HostResult extends Omit<RunOutcome, 'status'> {
  target: DeployTarget;
  status: HostStatus;
  /** Set when the host was to receive the chef repo. */
  repo?: RepoStatus | undefined;
}

export interface FanOutOptions {
  /** Hosts running at once (at least 1). */
  concurrency: number;
  /** Start no new host once this many have failed (undefined: never stop). */
  maxFailures?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Runs one host to its end; with `gate`, it logs in and then waits for its turn (connect ahead). Must not throw. */
  runHost(target: DeployTarget, gate?: Gate): Promise<RunOutcome & { repo?: RepoStatus | undefined }>;
  onStart?(target: DeployTarget): void;
  onEnd?(result: HostResult): void;
  /** Starts the next N hosts' runs while N run, gated until their turn (src/deploy/connect-ahead.ts); unset: each run starts at its turn. */
  connect?: Ahead<DeployTarget> | undefined;
}

/** A host that did not succeed and was not merely cancelled or skipped. */
export const isFailure = (status: HostStatus): boolean => status === 'failed' || status === 'timeout' || status === 'error';

/** Runs every target (in order, N at a time) and returns one result per target, in the targets' order. */
export async function fanOut(targets: readonly DeployTarget[], options: FanOutOptions): Promise<HostResult[]> {
  const width = Math.max(1, Math.floor(options.concurrency));
  const limit = pLimit(width);
  let failures = 0;
  const stopReason = (): string | undefined => {
    if (options.signal?.aborted) return 'cancelled before it started';
    if (options.maxFailures !== undefined && failures >= options.maxFailures) {
      return `not started: ${formatCount(failures, 'host')} had failed (--max-failures ${options.maxFailures})`;
    }
    return undefined;
  };
  type Outcome = RunOutcome & { repo?: RepoStatus | undefined };
  const errorOf = (error: unknown): Outcome => ({
    status: 'error',
    exitCode: undefined,
    durationMs: 0,
    reason: error instanceof Error ? error.message : String(error),
  });
  // A run started ahead is awaited only at its turn: it must not reject (or throw) before then.
  const start = (index: number, gate?: Gate): Promise<Outcome> =>
    new Promise<Outcome>((resolve) => resolve(options.runHost(targets[index] as DeployTarget, gate))).catch(errorOf);
  const ahead = options.connect && connectAhead(targets, width, options.connect, start, () => stopReason() !== undefined);
  const runOne = async (target: DeployTarget, index: number): Promise<HostResult> => {
    const skipped = stopReason();
    if (skipped) return { target, status: 'not-run', exitCode: undefined, durationMs: 0, reason: skipped };
    options.onStart?.(target);
    let outcome: Outcome;
    try {
      outcome = ahead ? await ahead.run(index) : await options.runHost(target);
    } catch (error) {
      outcome = errorOf(error);
    }
    const result: HostResult = { ...outcome, target };
    if (isFailure(result.status)) failures++;
    options.onEnd?.(result);
    return result;
  };
  const results = await Promise.all(targets.map((target, index) => limit(runOne, target, index)));
  await ahead?.release();
  return results;
}
