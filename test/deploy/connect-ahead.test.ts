// Connect ahead with in-process fake hosts: every run rides a connection opened first, the next N open while N run, the limits hold.
import { describe, expect, it } from 'vitest';
import type { Opener } from '../../src/deploy/connect-ahead.js';
import { type DeployTarget, fanOut } from '../../src/deploy/fan-out.js';
import type { RunOutcome } from '../../src/deploy/runner.js';

const targets = (count: number): DeployTarget[] => Array.from({ length: count }, (_, i) => ({ instanceId: `i-${i}`, group: 'web', address: `10.0.0.${i}` }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fake world: logins take `loginMs`, runs `runMs`; it records the order of events and the peaks. */
function world(loginMs: number, runMs: number, failLogin: (t: DeployTarget) => boolean = () => false) {
  const events: string[] = [];
  const peak = { logins: 0, runs: 0 };
  let logins = 0;
  let runs = 0;
  const closed: string[] = [];
  const opener: Opener<DeployTarget> = {
    async open(target) {
      logins++;
      peak.logins = Math.max(peak.logins, logins);
      events.push(`open ${target.instanceId}`);
      await sleep(loginMs);
      logins--;
      events.push(`opened ${target.instanceId}`);
      return failLogin(target) ? { status: 'failed', exitCode: 255, durationMs: loginMs, reason: 'ssh: Connection refused' } : undefined;
    },
    async close(target) {
      closed.push(target.instanceId);
    },
  };
  const runHost = async (target: DeployTarget): Promise<RunOutcome> => {
    runs++;
    peak.runs = Math.max(peak.runs, runs);
    events.push(`run ${target.instanceId}`);
    await sleep(runMs);
    runs--;
    events.push(`ran ${target.instanceId}`);
    return { status: target.instanceId === 'i-fail' ? 'failed' : 'ok', exitCode: 0, durationMs: runMs };
  };
  return { events, peak, closed, opener, runHost };
}

const at = (events: string[], event: string) => {
  const index = events.indexOf(event);
  expect(index, `${event} in ${events.join(', ')}`).toBeGreaterThanOrEqual(0);
  return index;
};

describe('connect ahead', () => {
  it('opens every host before its run; the next N log in while N run, never more than N logins or N runs at once', async () => {
    const w = world(20, 80);
    const results = await fanOut(targets(6), { concurrency: 2, runHost: w.runHost, connect: w.opener });
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('ok'));
    for (let i = 0; i < 6; i++) expect(at(w.events, `opened i-${i}`)).toBeLessThan(at(w.events, `run i-${i}`));
    expect(w.peak.runs).toBe(2);
    expect(w.peak.logins).toBe(2);
    // Hosts 2 and 3 log in while 0 and 1 run, but only after 0 and 1 logged in (their logins do not compete).
    expect(at(w.events, 'open i-2')).toBeGreaterThan(at(w.events, 'opened i-0'));
    expect(at(w.events, 'opened i-2')).toBeLessThan(at(w.events, 'ran i-0'));
    expect(at(w.events, 'opened i-3')).toBeLessThan(at(w.events, 'ran i-1'));
    // No further than N ahead: host 4 waits for host 2 to take its slot.
    expect(at(w.events, 'open i-4')).toBeGreaterThan(at(w.events, 'run i-2'));
    expect(w.closed).toEqual([]);
  });

  it('a wave after the first starts its command at once: the run no longer waits for the login', async () => {
    const w = world(60, 60);
    const started = Date.now();
    await fanOut(targets(6), { concurrency: 2, runHost: w.runHost, connect: w.opener });
    // Without it: 3 waves of 60 ms login + 60 ms run = 360 ms; with it, the logins of waves 2 and 3 hide behind runs.
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('a login that fails ends its host with that outcome, and the host is not run', async () => {
    const w = world(10, 30, (t) => t.instanceId === 'i-2');
    const results = await fanOut(targets(4), { concurrency: 1, runHost: w.runHost, connect: w.opener });
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'failed', 'ok']);
    expect(results[2]).toMatchObject({ exitCode: 255, reason: 'ssh: Connection refused' });
    expect(w.events).not.toContain('run i-2');
  });

  it('after --max-failures K opens no more, and closes what it opened for hosts that never ran', async () => {
    const w = world(10, 40);
    const hosts = targets(6).map((t, i) => (i === 0 ? { ...t, instanceId: 'i-fail' } : t));
    const results = await fanOut(hosts, { concurrency: 1, maxFailures: 1, runHost: w.runHost, connect: w.opener });
    expect(results.map((r) => r.status)).toEqual(['failed', 'not-run', 'not-run', 'not-run', 'not-run', 'not-run']);
    // Host 1 was opened ahead while host 0 ran; it never ran, so it is closed; nothing past it was opened.
    expect(w.events.filter((e) => e.startsWith('open '))).toEqual(['open i-fail', 'open i-1']);
    expect(w.closed).toEqual(['i-1']);
  });

  it('a cancel opens no more; the hosts opened ahead are closed', async () => {
    const w = world(10, 200);
    const controller = new AbortController();
    const pending = fanOut(targets(5), { concurrency: 2, runHost: w.runHost, connect: w.opener, signal: controller.signal });
    await sleep(100);
    controller.abort();
    const results = await pending;
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'not-run', 'not-run', 'not-run']);
    expect(w.events.filter((e) => e.startsWith('open ')).sort()).toEqual(['open i-0', 'open i-1', 'open i-2', 'open i-3']);
    expect(w.closed.sort()).toEqual(['i-2', 'i-3']);
  });
});
