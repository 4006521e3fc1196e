// Bounded polling for rollouts: a check, a judge, a deadline, a bounded interval, and ctx.signal honoured.
import { setTimeout as sleep } from 'node:timers/promises';
import { HangarError } from '../errors.js';

export interface Verdict {
  done: boolean;
  /** Set when waiting longer cannot help: stop now. */
  failure?: string | undefined;
}

export interface PollOptions<T> {
  /** Reads the current state (describe calls). */
  check: () => Promise<T>;
  judge: (state: T) => Verdict;
  timeoutMs: number;
  signal: AbortSignal;
  /** Between checks; default from the timeout: 1/30 of it, within 100 ms .. 5 s. */
  intervalMs?: number;
  /** Called after each check (report progress as it changes). */
  onState?: (state: T) => void;
  /** One line of what is still missing, for the timeout message. */
  explain?: (state: T) => string;
  /** Used in messages: "waiting for <what>". */
  what: string;
}

/** Why a wait stopped without success; `last` is the final state seen. */
export class WaitError<T> extends HangarError {
  constructor(
    readonly reason: 'timeout' | 'failed' | 'aborted',
    message: string,
    readonly last: T | undefined,
    cause?: unknown,
  ) {
    super(`autoscale.${reason === 'failed' ? 'unhealthy' : reason}`, message, cause === undefined ? {} : { cause });
  }
}

export const pollInterval = (timeoutMs: number) => Math.min(5000, Math.max(100, Math.round(timeoutMs / 30)));

/** Throws the signal's reason as a WaitError('aborted') when it is aborted. */
export function throwIfAborted<T>(signal: AbortSignal, what: string, last?: T): void {
  if (signal.aborted) throw new WaitError('aborted', `stopped waiting for ${what}: ${abortReason(signal)}`, last, signal.reason);
}

export const abortReason = (signal: AbortSignal) => (signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? 'aborted'));

/** Sleeps `ms`, waking at once (with WaitError 'aborted') when the signal fires. */
export async function pause<T>(ms: number, signal: AbortSignal, what: string, last?: T): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throwIfAborted(signal, what, last);
  }
}

/** Checks until the judge says done; throws WaitError on failure, timeout or abort. */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const { check, judge, timeoutMs, signal, what } = options;
  const interval = options.intervalMs ?? pollInterval(timeoutMs);
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    throwIfAborted(signal, what, last);
    try {
      last = await check();
    } catch (error) {
      // The signal also aborts the check's AWS calls in flight: that is a cancel, not a failed check.
      if (signal.aborted) throw new WaitError('aborted', `stopped waiting for ${what}: ${abortReason(signal)}`, last, error);
      throw error;
    }
    throwIfAborted(signal, what, last);
    options.onState?.(last);
    const verdict = judge(last);
    if (verdict.failure) throw new WaitError('failed', `${what} failed: ${verdict.failure}`, last);
    if (verdict.done) return last;
    const left = deadline - Date.now();
    if (left <= 0) {
      const detail = options.explain ? `: ${options.explain(last)}` : '';
      throw new WaitError('timeout', `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${detail}`, last);
    }
    await pause(Math.min(interval, left), signal, what, last);
  }
}
