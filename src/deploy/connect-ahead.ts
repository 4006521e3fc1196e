// Connect ahead: while N hosts run, the next N hosts' runs start, log in and wait at a gate; a freed slot opens the next gate, and its command starts at once.

/** A run started ahead of its turn: it logs in, then waits for `turn`; `signal` stops it before then. */
export interface Gate {
  turn: Promise<void>;
  signal: AbortSignal;
}

/** What the scheduler needs to know of the hosts (src/deploy/ssh-ahead.ts for ssh). */
export interface Ahead<T> {
  /** Whether `target`'s run may start ahead, gated; if not, it starts at its turn. Asked once per host. */
  canWait(target: T): boolean;
  /** Resolves once `target`'s run has logged in, or once `ended` settles; until then it is a login under way. Never rejects. */
  loggedIn(target: T, ended: Promise<unknown>): Promise<void>;
  /** A run started ahead was stopped before its turn (a cancel, --max-failures) and has ended: clean up after it. */
  dropped(target: T): Promise<void>;
}

export interface ConnectAhead<R> {
  /** Host `index` takes its slot: opens its gate when it was started ahead, else starts it now. */
  run(index: number): Promise<R>;
  /** After the last run: stops the runs started ahead whose turn never came. */
  release(): Promise<void>;
}

/**
 * Schedules `start` over `targets`. A host whose run was started ahead has its gate opened at its turn; any other
 * starts then. Besides the hosts holding a slot, the runs of the `width` hosts after the last one that took a slot
 * are started ahead, in order, while `stopped()` says no, and only while fewer than `width` runs are logging in:
 * the first wave logs in alone, and the next wave logs in while the first wave's commands run.
 * `start` must not reject.
 */
export function connectAhead<T, R>(
  targets: readonly T[],
  width: number,
  ahead: Ahead<T>,
  start: (index: number, gate?: Gate) => Promise<R>,
  stopped: () => boolean,
): ConnectAhead<R> {
  /** Runs started ahead whose turn has not come. */
  const waiting = new Map<number, { run: Promise<R>; go(): void; stop: AbortController }>();
  /** Hosts already asked whether they may start ahead (canWait claims their socket: never twice). */
  const decided = new Set<number>();
  let frontier = 0;
  let loggingIn = 0;
  let scheduled = false;
  const track = (index: number, run: Promise<R>): void => {
    loggingIn++;
    const done = (): void => {
      loggingIn--;
      schedule();
    };
    ahead.loggedIn(targets[index] as T, run).then(done, done);
  };
  const startAhead = (index: number): void => {
    let go = (): void => undefined;
    const turn = new Promise<void>((resolve) => {
      go = resolve;
    });
    const stop = new AbortController();
    const run = start(index, { turn, signal: stop.signal });
    waiting.set(index, { run, go, stop });
    track(index, run);
  };
  const pump = (): void => {
    scheduled = false;
    for (let index = frontier; index < targets.length && index < frontier + width && loggingIn < width && !stopped(); index++) {
      if (decided.has(index)) continue;
      decided.add(index);
      if (ahead.canWait(targets[index] as T)) startAhead(index);
    }
  };
  // After the current turn, so that every host taking a free slot in it (p-limit starts them in one go) goes first.
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  return {
    run(index) {
      frontier = Math.max(frontier, index + 1);
      schedule();
      const early = waiting.get(index);
      if (early) {
        waiting.delete(index);
        early.go();
        return early.run;
      }
      const run = start(index);
      track(index, run);
      return run;
    },
    async release() {
      const dropped = [...waiting];
      waiting.clear();
      for (const [, early] of dropped) early.stop.abort();
      await Promise.all(
        dropped.map(async ([index, early]) => {
          await early.run;
          await ahead.dropped(targets[index] as T);
        }),
      );
    },
  };
}
