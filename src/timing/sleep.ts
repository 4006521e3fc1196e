// The one sleep of polling loops: waits `ms`, or less when the job's AbortSignal fires (never a timer left behind).

/** Resolves true after `ms`, or false as soon as `signal` aborts (at once when it already has); never rejects. */
export function sleep(ms: number, signal?: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const finish = (elapsed: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(elapsed);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
