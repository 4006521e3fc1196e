// Keeps a ServiceMap in step with the registry: list, then watch from that revision; after an error, again with backoff.
// An outage is said twice: once when the registry goes away, once when it is back (with how long it was gone).
import { messageOf } from '../../errors.js';
import { formatDurationWords } from '../../format/time.js';
import { formatRegistryState } from '../service-table.js';
import type { Registry, RegistryState } from '../types.js';
import type { ServiceMap } from './service-map.js';
import { sleep } from '../../timing/sleep.js';

export interface FollowOptions {
  registry: Registry;
  map: ServiceMap;
  signal: AbortSignal;
  /** After the first list and after every relevant change; `service` is undefined for a full reload. */
  onChange: (service: string | undefined) => void;
  warn: (message: string) => void;
  log: (message: string) => void;
}

/** Runs until `signal` aborts. */
export async function followRegistry(options: FollowOptions): Promise<void> {
  const { registry, map, signal } = options;
  let backoff = 500;
  /** Since when the list + watch has been failing (undefined while it works). */
  let failingSince: number | undefined;
  const onState = (state: RegistryState) => {
    if (state.type === 'back' && state.resynced) {
      map.reset(state.resynced.entries);
      options.onChange(undefined);
    }
    const line = formatRegistryState(registry.description, state);
    if (line) (state.type === 'unreachable' ? options.warn : options.log)(line);
  };
  while (!signal.aborted) {
    let stop: (() => void) | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const failure = new Promise<unknown>((resolve) => {
        onAbort = () => resolve(undefined);
        signal.addEventListener('abort', onAbort, { once: true });
        void (async () => {
          const snapshot = await registry.list();
          if (signal.aborted) return resolve(undefined);
          map.reset(snapshot.entries);
          options.onChange(undefined);
          const stopWatch = await registry.watch(snapshot.revision, (event) => options.onChange(map.apply(event)), resolve, onState);
          // Aborted while the watch was being created: the loop has moved on, stop it here.
          if (signal.aborted) return stopWatch();
          stop = stopWatch;
          if (failingSince !== undefined)
            options.log(`registry ${registry.description} back after ${formatDurationWords(Date.now() - failingSince)}; watching it again`);
          failingSince = undefined;
          backoff = 500;
        })().catch(resolve);
      });
      const error = await failure;
      if (signal.aborted) break;
      // One line when it starts failing; the retries after it are quiet until it works again.
      if (failingSince === undefined) options.warn(`registry watch: ${messageOf(error)}; retrying until it is back`);
      failingSince ??= Date.now();
    } finally {
      stop?.();
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, 5_000);
  }
}
