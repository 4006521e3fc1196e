// One shared clock for live rows (spinner, countdowns): a single timer, running only while some row listens.
import { useSyncExternalStore } from 'react';

/** The clock's resolution: the spinner's frame. */
export const TICK_MS = 250;

const listeners = new Set<() => void>();
let timer: NodeJS.Timeout | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
    timer.unref?.();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const idle = () => () => undefined;

/**
 * The time rounded down to `ms` (a multiple of TICK_MS) while `active` (else the time now, not refreshed): a component re-renders only when its
 * own step changes (a 1 s countdown once a second), and all of them share the one timer.
 */
export function useClock(ms: number, active: boolean): number {
  // Idle, the snapshot is a constant: nothing re-renders it.
  const step = useSyncExternalStore(active ? subscribe : idle, () => (active ? Math.floor(now / ms) : 0));
  return active ? step * ms : Date.now();
}
