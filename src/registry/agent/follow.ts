// Keeps a ServiceMap in step with the registry: list, then watch from that revision; after an error, again with backoff.
// A node that depends on a few services keeps only theirs: at fleet scale the rest is most of the registry.
// An outage is said twice: once when the registry goes away, once when it is back (with how long it was gone).
import { messageOf } from '../../errors.js';
import { formatDurationWords } from '../../format/time.js';
import { formatRegistryState } from '../service-table.js';
import type { Registry, RegistrySnapshot, RegistryState, ServiceEntry } from '../types.js';
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
  /** The services followed (read when following starts); undefined: every service. */
  only?: () => readonly string[] | undefined;
  /** Receives a function that makes the follower list again (the followed services changed). */
  onRefollow?: (refollow: () => void) => void;
}

/**
 * The entries of `only` (every entry when undefined), and a revision to watch from: one list per service, the
 * watch starting after the oldest of them. Events a later list already holds come again; applying them again
 * to a map leaves it as it was, in order.
 */
export async function listFollowed(registry: Registry, only: readonly string[] | undefined): Promise<RegistrySnapshot> {
  if (only === undefined) return registry.list();
  const entries: ServiceEntry[] = [];
  let revision = Number.POSITIVE_INFINITY;
  for (const service of new Set(only)) {
    const snapshot = await registry.list(service);
    entries.push(...snapshot.entries);
    revision = Math.min(revision, snapshot.revision);
  }
  // Following no service: the revision of a list that holds nothing (no service is named NUL).
  if (revision === Number.POSITIVE_INFINITY) revision = (await registry.list('\u0000')).revision;
  return { entries, revision };
}

const REFOLLOW = Symbol('refollow');

/** Runs until `signal` aborts. */
export async function followRegistry(options: FollowOptions): Promise<void> {
  const { registry, map, signal } = options;
  let backoff = 500;
  /** Since when the list + watch has been failing (undefined while it works). */
  let failingSince: number | undefined;
  let only: readonly string[] | undefined;
  const followed = (service: string) => only === undefined || only.includes(service);
  let refollow: (() => void) | undefined;
  options.onRefollow?.(() => refollow?.());
  const onState = (state: RegistryState) => {
    if (state.type === 'back' && state.resynced) {
      map.reset(state.resynced.entries.filter((entry) => followed(entry.service)));
      options.onChange(undefined);
    }
    const line = formatRegistryState(registry.description, state);
    if (line) (state.type === 'unreachable' ? options.warn : options.log)(line);
  };
  while (!signal.aborted) {
    let stop: (() => void) | undefined;
    let onAbort: (() => void) | undefined;
    /** This round is still the one running (not moved on: aborted, failed or asked to list again). */
    let live = true;
    try {
      const failure = new Promise<unknown>((resolve) => {
        onAbort = () => resolve(undefined);
        signal.addEventListener('abort', onAbort, { once: true });
        refollow = () => resolve(REFOLLOW);
        void (async () => {
          only = options.only?.();
          const snapshot = await listFollowed(registry, only);
          if (signal.aborted || !live) return resolve(undefined);
          map.reset(snapshot.entries);
          options.onChange(undefined);
          const onEvent = (event: Parameters<typeof map.apply>[0]) => {
            if (followed(event.type === 'put' ? event.entry.service : event.service)) options.onChange(map.apply(event));
          };
          const stopWatch = await registry.watch(snapshot.revision, onEvent, resolve, onState);
          // Aborted (or asked to list again) while the watch was being created: the loop has moved on, stop it here.
          if (signal.aborted || !live) return stopWatch();
          stop = stopWatch;
          if (failingSince !== undefined)
            options.log(`registry ${registry.description} back after ${formatDurationWords(Date.now() - failingSince)}; watching it again`);
          failingSince = undefined;
          backoff = 500;
        })().catch(resolve);
      });
      const error = await failure;
      if (signal.aborted) break;
      if (error === REFOLLOW) continue;
      // One line when it starts failing; the retries after it are quiet until it works again.
      if (failingSince === undefined) options.warn(`registry watch: ${messageOf(error)}; retrying until it is back`);
      failingSince ??= Date.now();
    } finally {
      live = false;
      stop?.();
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
    await sleep(backoff, signal);
    backoff = Math.min(backoff * 2, 5_000);
  }
}
