// Connect ahead with in-process fake hosts: the first wave starts at once, the next N log in while N run and wait at a gate, the limits hold.
import { describe, expect, it } from 'vitest';
import type { Ahead, Gate } from '../../src/deploy/connect-ahead.js';
import { type DeployTarget, fanOut } from '../../src/deploy/fan-out.js';
import type { RunOutcome } from '../../src/deploy/runner.js';

const targets = (count: number): DeployTarget[] => Array.from({ length: count }, (_, i) => ({ instanceId: `i-${i}`, group: 'web', address: `10.0.0.${i}` }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake world: each run logs in (`loginMs`), waits at its gate when it has one, then runs (`runMs`); it records the order and the peaks. */
function world(loginMs: number, runMs: number, failLogin: (t: DeployTarget) => boolean = () => false) {
  const events: string[] = [];
  const peak = { logins: 0, runs: 0 };
  let logins = 0;
  let runs = 0;
  const gated: string[] = [];
  const dropped: string[] = [];
  const loggedIn = new Map<string, Promise<void>>();
  const runHost = async (target: DeployTarget, gate?: Gate): Promise<RunOutcome> => {
    const id = target.instanceId;
    if (gate) gated.push(id);
    let logged = (): void => undefined;
    loggedIn.set(id, new Promise<void>((resolve) => (logged = resolve)));
    logins++;
    peak.logins = Math.max(peak.logins, logins);
    events.push(`login ${id}`);
    await sleep(loginMs);
    logins--;
    if (failLogin(target)) {
      events.push(`refused ${id}`);
      return { status: 'failed', exitCode: 255, durationMs: loginMs, reason: 'ssh: Connection refused' };
    }
    events.push(`logged ${id}`);
    logged();
    if (gate) {
      const stopped = await Promise.race([
        gate.turn.then(() => false),
        new Promise<boolean>((resolve) => gate.signal.addEventListener('abort', () => resolve(true), { once: true })),
      ]);
      if (stopped) {
        events.push(`stopped ${id}`);
        return { status: 'cancelled', exitCode: undefined, durationMs: 0 };
      }
    }
    runs++;
    peak.runs = Math.max(peak.runs, runs);
    events.push(`run ${id}`);
    await sleep(runMs);
    runs--;
    events.push(`ran ${id}`);
    return { status: id === 'i-fail' ? 'failed' : 'ok', exitCode: 0, durationMs: runMs };
  };
  const ahead: Ahead<DeployTarget> = {
    canWait: () => true,
    loggedIn: (target, ended) => Promise.race([loggedIn.get(target.instanceId), ended.then(() => undefined)]),
    dropped: async (target) => {
      dropped.push(target.instanceId);
    },
  };
  return { events, peak, gated, dropped, ahead, runHost };
}

const at = (events: string[], event: string) => {
  const index = events.indexOf(event);
  expect(index, `${event} in ${events.join(', ')}`).toBeGreaterThanOrEqual(0);
  return index;
};

describe('connect ahead', () => {
  it('the first wave starts at once; the next N log in while N run and start their command at their turn; never more than N logins or N commands', async () => {
    const w = world(20, 80);
    const results = await fanOut(targets(6), { concurrency: 2, runHost: w.runHost, connect: w.ahead });
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('ok'));
    // Hosts 0 and 1 had free slots: no gate. Every later host was started ahead.
    expect(w.gated).toEqual(['i-2', 'i-3', 'i-4', 'i-5']);
    expect(w.peak.runs).toBe(2);
    expect(w.peak.logins).toBe(2);
    // Hosts 2 and 3 log in while 0 and 1 run, but only after 0 and 1 logged in (their logins do not compete).
    expect(at(w.events, 'login i-2')).toBeGreaterThan(at(w.events, 'logged i-0'));
    expect(at(w.events, 'logged i-2')).toBeLessThan(at(w.events, 'ran i-0'));
    // A gated command waits for its turn: host 2 runs only once a slot is free.
    expect(at(w.events, 'run i-2')).toBeGreaterThan(at(w.events, 'ran i-0'));
    // No further than N ahead: host 4 starts once host 2 took its turn.
    expect(at(w.events, 'login i-4')).toBeGreaterThan(at(w.events, 'run i-2'));
    expect(w.dropped).toEqual([]);
  });

  it('a wave after the first starts its command at once: the run no longer waits for the login', async () => {
    const w = world(60, 60);
    const started = Date.now();
    await fanOut(targets(6), { concurrency: 2, runHost: w.runHost, connect: w.ahead });
    // Without it: 3 waves of 60 ms login + 60 ms run = 360 ms; with it, the logins of waves 2 and 3 hide behind runs.
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('a run started ahead whose login fails ends its host with that outcome at its turn, and is not started again', async () => {
    const w = world(10, 30, (t) => t.instanceId === 'i-2');
    const results = await fanOut(targets(4), { concurrency: 1, runHost: w.runHost, connect: w.ahead });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'ok']);
    expect(results[2]).toMatchObject({ exitCode: 255, reason: 'ssh: Connection refused' });
    expect(w.events.filter((e) => e.endsWith(' i-2'))).toEqual(['login i-2', 'refused i-2']);
  });

  it('after --max-failures K starts no more, and stops the runs waiting at their gate', async () => {
    const w = world(10, 40);
    const hosts = targets(6).map((t, i) => (i === 0 ? { ...t, instanceId: 'i-fail' } : t));
    const results = await fanOut(hosts, { concurrency: 1, maxFailures: 1, runHost: w.runHost, connect: w.ahead });
    expect(results.map((r) => r.status)).toEqual(['failed', 'not-run', 'not-run', 'not-run', 'not-run', 'not-run']);
    // Host 1 was started ahead while host 0 ran; its turn never came, so it was stopped at its gate; nothing past it started.
    expect(w.events.filter((e) => e.startsWith('login '))).toEqual(['login i-fail', 'login i-1']);
    expect(w.events).toContain('stopped i-1');
    expect(w.events).not.toContain('run i-1');
    expect(w.dropped).toEqual(['i-1']);
  });

  it('a cancel starts no more; the runs waiting at their gate are stopped and never run', async () => {
    const w = world(10, 200);
    const controller = new AbortController();
    const pending = fanOut(targets(5), { concurrency: 2, runHost: w.runHost, connect: w.ahead, signal: controller.signal });
    await sleep(100);
    controller.abort();
    const results = await pending;
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'not-run', 'not-run', 'not-run']);
    expect(w.events.filter((e) => e.startsWith('login ')).sort()).toEqual(['login i-0', 'login i-1', 'login i-2', 'login i-3']);
    expect(w.events.filter((e) => e.startsWith('run ')).sort()).toEqual(['run i-0', 'run i-1']);
    expect(w.dropped.sort()).toEqual(['i-2', 'i-3']);
  });
});
