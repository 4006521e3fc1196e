// Bounds for the agent: `--once` gives up after a time limit, and a warning repeated on every render is said once.
import { HangarError } from '../../errors.js';

export const DEFAULT_ONCE_TIMEOUT_MS = 30_000;

/**
 * Runs `task` for at most `ms`: resolves with its value, or undefined when `signal` aborts first; after `ms`,
 * throws agent.timeout saying what was still missing (`missing()`), exit 1.
 */
export async function withinLimit<T>(ms: number, signal: AbortSignal, task: () => Promise<T>, missing: () => string): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const what = missing() || 'the registry did not answer';
      reject(
        new HangarError('agent.timeout', `agent --once gave up after ${ms / 1000} s: ${what}`, {
          hint: 'check the registry (HANGAR_ETCD_ENDPOINTS, credentials) and the status endpoints; --once-timeout sets the limit',
        }),
      );
    }, ms);
  });
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([task(), limit, aborted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The same warning only once (haproxy renders again on every change; a bad entry is said once). */
export function dedupe(warn: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    if (said.size >= 1_000) said.clear();
    said.add(message);
    warn(message);
  };
}
