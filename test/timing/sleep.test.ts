// The one sleep of polling loops: waits its time, and wakes at once on the job's AbortSignal without leaving a timer.
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/timing/sleep.js';

describe('sleep', () => {
  it('resolves true after the time has passed', async () => {
    const started = Date.now();
    expect(await sleep(60)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('wakes at once with false when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await sleeping).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not wait at all when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const started = Date.now();
    expect(await sleep(60_000, controller.signal)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('leaves no abort listener behind once the time has passed', async () => {
    const controller = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      return add(...args);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
      removed++;
      return remove(...args);
    }) as typeof signal.removeEventListener;
    expect(await sleep(10, signal)).toBe(true);
    expect(added).toBe(1);
    expect(removed).toBe(1);
  });
});
