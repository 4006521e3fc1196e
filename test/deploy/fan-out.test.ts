// The fan-out with in-process fake hosts: the concurrency limit, max-failures, abort, and the summary table.
import { describe, expect, it } from 'vitest';
import { type DeployTarget, fanOut } from '../../src/deploy/fan-out.js';
import type { RunOutcome } from '../../src/deploy/runner.js';
import { formatTable, formatTally, tally, toRows } from '../../src/deploy/summary.js';

const targets = (count: number): DeployTarget[] =>
  Array.from({ length: count }, (_, i) => ({ instanceId: `i-${i}`, group: i % 2 ? 'www' : 'bee', address: `10.0.0.${i}` }));

/** A fake host that takes `ms`, counts how many run at once, and ends with `status`. */
function fakeHosts(ms: number, statusOf: (t: DeployTarget) => RunOutcome['status'] = () => 'ok') {
  let running = 0;
  const seen = { max: 0, started: [] as string[] };
  const runHost = async (target: DeployTarget): Promise<RunOutcome> => {
    running++;
    seen.max = Math.max(seen.max, running);
    seen.started.push(target.instanceId);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    const status = statusOf(target);
    return { status, exitCode: status === 'ok' ? 0 : 3, durationMs: ms };
  };
  return { runHost, seen };
}

describe('fanOut', () => {
  it('runs every host, never more than N at once, the next as soon as one ends', async () => {
    const { runHost, seen } = fakeHosts(20);
    const started = Date.now();
    const results = await fanOut(targets(12), { concurrency: 4, runHost });
    expect(seen.max).toBe(4);
    expect(results.map((r) => r.status)).toEqual(Array(12).fill('ok'));
    expect(results.map((r) => r.target.instanceId)).toEqual(targets(12).map((t) => t.instanceId));
    // 3 waves of 20 ms, not 12 in a row.
    expect(Date.now() - started).toBeLessThan(12 * 20);
  });

  it('starts no new host after --max-failures K and says why', async () => {
    const { runHost, seen } = fakeHosts(5, (t) => (t.instanceId === 'i-1' || t.instanceId === 'i-2' ? 'failed' : 'ok'));
    const results = await fanOut(targets(8), { concurrency: 1, maxFailures: 2, runHost });
    expect(seen.started).toEqual(['i-0', 'i-1', 'i-2']);
    expect(results.slice(3).every((r) => r.status === 'not-run')).toBe(true);
    expect(results[3]!.reason).toContain('--max-failures 2');
  });

  it('never stops on failures without --max-failures', async () => {
    const { runHost } = fakeHosts(1, () => 'failed');
    const results = await fanOut(targets(5), { concurrency: 2, runHost });
    expect(results.every((r) => r.status === 'failed')).toBe(true);
  });

  it('starts nothing more once aborted', async () => {
    const controller = new AbortController();
    const { runHost, seen } = fakeHosts(30);
    const pending = fanOut(targets(6), {
      concurrency: 2,
      signal: controller.signal,
      runHost,
      onStart: () => {
        if (seen.started.length === 1) controller.abort();
      },
    });
    const results = await pending;
    expect(seen.started.length).toBeLessThanOrEqual(2);
    expect(results.filter((r) => r.status === 'not-run').length).toBeGreaterThanOrEqual(4);
  });

  it('turns a throwing host into an error result, not a crash', async () => {
    const results = await fanOut(targets(2), {
      concurrency: 2,
      runHost: async (t) => {
        if (t.instanceId === 'i-0') throw new Error('boom');
        return { status: 'ok', exitCode: 0, durationMs: 1 };
      },
    });
    expect(results.map((r) => r.status)).toEqual(['error', 'ok']);
    expect(results[0]!.reason).toBe('boom');
  });
});

describe('summary', () => {
  it('tabulates host, group, exit code and duration, and counts what did not run', async () => {
    const { runHost } = fakeHosts(1, (t) => (t.instanceId === 'i-1' ? 'failed' : 'ok'));
    const results = await fanOut(targets(4), { concurrency: 1, maxFailures: 1, runHost });
    const rows = toRows(results);
    expect(rows[1]).toMatchObject({ host: '10.0.0.1', group: 'www', instance: 'i-1', status: 'failed', exitCode: 3 });
    const table = formatTable(rows).split('\n');
    expect(table[0]).toMatch(/^HOST\s+GROUP\s+INSTANCE\s+STATUS\s+EXIT\s+DURATION\s+NOTE$/);
    expect(table[2]).toMatch(/^10\.0\.0\.1\s+www\s+i-1\s+failed\s+3\s+\d+\.\ds$/);
    expect(table[3]).toContain('not-run');
    expect(formatTally(tally(results))).toBe('1/4 ok, 1 failed (i-1), 2 did not run (i-2, i-3)');
  });
});
