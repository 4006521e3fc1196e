// A deploy in stages: K canary hosts first as one batch, a pause, then the rest N at a time; a failed canary starts no more.
import { sleep } from '../timing/sleep.js';
import { type DeployTarget, type FanOutOptions, type HostResult, fanOut, isFailure } from './fan-out.js';

export type DeployStage = 'canary' | 'rest';

export interface StagedOptions extends FanOutOptions {
  /** Hosts of the canary batch (0 or unset: one stage, as without a canary). */
  canary?: number | undefined;
  /** Wait after a good canary before the rest starts (health time), ms. */
  pauseMs?: number | undefined;
  /** Called as each stage starts (and before the pause), to say it. */
  onStage?(stage: DeployStage | 'pause', hosts: number): void;
}

export interface StagedResult {
  results: HostResult[];
  /** Each result's stage, by index; undefined when there was no canary. */
  stages: DeployStage[] | undefined;
  /** Set when the canary failed: the hosts left untouched. */
  canaryFailed?: { failed: HostResult[]; untouched: number } | undefined;
}

export const CANARY_FAILED_REASON = 'not started: the canary failed';

/** Runs the targets in order: the first `canary` as one batch, then (only if all of them succeeded) the rest. */
export async function fanOutStaged(targets: readonly DeployTarget[], options: StagedOptions): Promise<StagedResult> {
  const canary = Math.floor(options.canary ?? 0);
  if (canary <= 0 || canary >= targets.length) return { results: await fanOut(targets, options), stages: undefined };
  const first = targets.slice(0, canary);
  const rest = targets.slice(canary);
  const stages: DeployStage[] = [...first.map(() => 'canary' as const), ...rest.map(() => 'rest' as const)];
  options.onStage?.('canary', first.length);
  // One batch: every canary host at once, whatever -n says.
  const canaryResults = await fanOut(first, { ...options, concurrency: first.length, maxFailures: undefined });
  const failed = canaryResults.filter((r) => isFailure(r.status));
  if (failed.length > 0) {
    const untouched = rest.map((target): HostResult => ({ target, status: 'not-run', exitCode: undefined, durationMs: 0, reason: CANARY_FAILED_REASON }));
    return { results: [...canaryResults, ...untouched], stages, canaryFailed: { failed, untouched: rest.length } };
  }
  if (options.pauseMs && options.pauseMs > 0 && !options.signal?.aborted) {
    options.onStage?.('pause', rest.length);
    await sleep(options.pauseMs, options.signal);
  }
  options.onStage?.('rest', rest.length);
  // After an abort in the pause, fanOut reports every one of the rest as not started (cancelled before it started).
  const restResults = await fanOut(rest, options);
  return { results: [...canaryResults, ...restResults], stages };
}
