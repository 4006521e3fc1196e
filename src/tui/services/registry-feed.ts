// Feeds the store's service map from the registry: one list, then a watch (which rides out outages); lists again after an error.
import { messageOf } from '../../errors.js';
import type { Registry } from '../../registry/types.js';
import type { WorkbenchStore } from '../store/store.js';

export type RegistryOpener = () => Promise<Registry | undefined>;

export interface RegistryFeedOptions {
  store: WorkbenchStore;
  open: RegistryOpener | undefined;
  /** Wait before listing again after a watch error (default 2 s). */
  retryMs?: number;
  /** How often faded highlights are dropped (default 500 ms). */
  fadeMs?: number;
}

/** Starts the feed; the returned function stops it and closes the registry. */
export function startRegistryFeed({ store, open, retryMs = 2000, fadeMs = 500 }: RegistryFeedOptions): () => Promise<void> {
  const { actions } = store.getState();
  let stopped = false;
  let registry: Registry | undefined;
  let stopWatch: (() => void) | undefined;
  let retry: NodeJS.Timeout | undefined;
  const fade = setInterval(() => actions.pruneChanges(), fadeMs);
  fade.unref?.();

  const fail = (error: unknown) => {
    if (stopped) return;
    stopWatch?.();
    stopWatch = undefined;
    actions.setRegistry({ state: 'error', error: messageOf(error) });
    retry = setTimeout(() => void follow(), retryMs);
    retry.unref?.();
  };

  const follow = async () => {
    if (stopped || !registry) return;
    try {
      const snapshot = await registry.list();
      if (stopped) return;
      actions.registrySnapshot(snapshot.entries);
      const stop = await registry.watch(
        snapshot.revision,
        (event) => actions.registryEvent(event),
        fail,
        (state) => {
          if (state.type === 'unreachable') actions.setRegistry({ state: 'error', error: messageOf(state.error) });
          else if (state.type === 'back' && state.resynced) actions.registrySnapshot(state.resynced.entries);
          else if (state.type === 'back') actions.setRegistry({ state: 'live' });
        },
      );
      if (stopped) stop();
      else stopWatch = stop;
    } catch (error) {
      fail(error);
    }
  };

  void (async () => {
    if (!open) return;
    try {
      actions.setRegistry({ state: 'connecting' });
      registry = await open();
      if (!registry) {
        actions.setRegistry({ state: 'unavailable' });
        return;
      }
      if (stopped) {
        await registry.close();
        return;
      }
      actions.setRegistry({ description: registry.description });
      await follow();
    } catch (error) {
      actions.setRegistry({ state: 'error', error: messageOf(error) });
    }
  })();

  return async () => {
    stopped = true;
    clearInterval(fade);
    if (retry) clearTimeout(retry);
    stopWatch?.();
    await registry?.close().catch(() => {});
  };
}
