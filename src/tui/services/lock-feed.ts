// Shows other operators' running actions: polls the group locks (etcd, or this machine's lock files) into the store.
import { hostname } from 'node:os';
import { messageOf } from '../../errors.js';
import type { LockHolder } from '../../locks/holder.js';
import type { WorkbenchStore } from '../store/store.js';

export interface LockFeedOptions {
  store: WorkbenchStore;
  /** Every group lock held now (each holder names its groups). */
  list: () => Promise<LockHolder[]>;
  /** Default 3 s. */
  intervalMs?: number;
}

const ours = (holder: LockHolder) => holder.pid === process.pid && holder.host === hostname();

/** Starts polling; a new holder is also said in the status line. The returned function stops it. */
export function startLockFeed({ store, list, intervalMs = 3000 }: LockFeedOptions): () => void {
  const { actions } = store.getState();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failed = false;
  const poll = async () => {
    try {
      const holders = (await list()).filter((holder) => !ours(holder));
      if (stopped) return;
      failed = false;
      const before = store.getState().others;
      const next: Record<string, LockHolder> = {};
      for (const holder of holders) for (const group of holder.groups) next[group] = holder;
      for (const [group, holder] of Object.entries(next)) {
        if (before[group]?.token !== holder.token) {
          actions.say(
            `${holder.user}@${holder.host} is running ${holder.action} on ${group} (pid ${holder.pid}, since ${holder.since.slice(11, 19)} UTC)`,
            'warn',
            { background: true },
          );
        }
      }
      actions.setOthers(next);
    } catch (error) {
      if (!failed && !stopped) actions.say(`could not read the group locks: ${messageOf(error)}`, 'warn', { background: true });
      failed = true;
    }
    if (!stopped) {
      timer = setTimeout(() => void poll(), intervalMs);
      timer.unref?.();
    }
  };
  void poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
