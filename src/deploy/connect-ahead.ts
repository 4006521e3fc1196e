// Connect ahead: while N hosts run, the next N hosts' connections are opened, so a freed slot starts its command at once.
import type { RunOutcome } from './runner.js';

/** Opens one host's connection before its turn, and closes one whose run never came. */
export interface Opener<T> {
  /**
   * Resolves undefined when the host is ready (its run then rides the connection, or connects itself), or with the
   * outcome that ends the host without a run (ssh could not log in, a cancel). Must not throw.
   */
  open(target: T): Promise<RunOutcome | undefined>;
  /** A host opened ahead whose run never started (a cancel, --max-failures): let its connection go. Must not throw. */
  close(target: T): Promise<void>;
}

export interface ConnectAhead {
  /** Host `index` takes its slot now: opens its connection unless that was done ahead, and waits for it. */
  take(index: number): Promise<RunOutcome | undefined>;
  /** After the last run: closes what was opened ahead for hosts that never ran (`ran` holds the indexes that did). */
  release(ran: ReadonlySet<number>): Promise<void>;
}

/**
 * Every host's connection is opened first and its run rides it. Besides the hosts holding a slot, the `width`
 * hosts after the last one that took a slot are opened ahead, in order, while `stopped()` says no, and only
 * while fewer than `width` logins are under way: the first wave's logins do not share the CPU with the next
 * wave's, which then log in while the first wave's commands run.
 */
export function connectAhead<T>(targets: readonly T[], width: number, opener: Opener<T>, stopped: () => boolean): ConnectAhead {
  const opened = new Map<number, Promise<RunOutcome | undefined>>();
  let frontier = 0;
  let inFlight = 0;
  let scheduled = false;
  const open = (index: number): void => {
    inFlight++;
    opened.set(
      index,
      opener.open(targets[index] as T).finally(() => {
        inFlight--;
        schedule();
      }),
    );
  };
  const pump = (): void => {
    scheduled = false;
    for (let index = frontier; index < targets.length && index < frontier + width && inFlight < width && !stopped(); index++) {
      if (!opened.has(index)) open(index);
    }
  };
  // After the current turn, so that every host taking a free slot in it (p-limit starts them in one go) goes first.
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  return {
    take(index) {
      frontier = Math.max(frontier, index + 1);
      if (!opened.has(index)) open(index);
      schedule();
      return opened.get(index)!;
    },
    async release(ran) {
      const unused = [...opened].filter(([index]) => !ran.has(index));
      await Promise.all(unused.map(async ([index, pending]) => ((await pending) === undefined ? opener.close(targets[index] as T) : undefined)));
    },
  };
}
