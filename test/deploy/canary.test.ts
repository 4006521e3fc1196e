// instance:deploy --canary over a real sshd: a failed canary stops the deploy; a good one lets the rest go N at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployHosts, type DeployPlan } from '../../src/deploy/deploy-hosts.js';
import type { DeployTarget } from '../../src/deploy/fan-out.js';
import { HangarError } from '../../src/errors.js';
import type { JobEvent } from '../../src/jobs/events.js';
import { haveBinaries } from '../helpers/binaries.js';
import { collectEvents, planOver, resetRuns } from './helpers/deploy-plan.js';
import { type Sshd, maxOverlap, readRuns, startSshd } from './helpers/sshd.js';

const enabled = haveBinaries('/usr/sbin/sshd', 'ssh', 'ssh-keygen');

const hosts = (count: number): DeployTarget[] =>
  Array.from({ length: count }, (_, i) => ({ instanceId: `i-${String(i).padStart(3, '0')}`, group: 'bee', address: '127.0.0.1', user: 'root' }));

interface Row {
  stage?: string;
  instance: string;
  status: string;
  reason: string | null;
}

const resultOf = (events: JobEvent[]) => events.find((e) => e.type === 'result') as { data: { hosts: Row[] }; text: string };

describe.skipIf(!enabled)('deploy with a canary over a real sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd(0.4);
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const plan = (targets: DeployTarget[], extra: Partial<DeployPlan> = {}): DeployPlan => planOver(sshd, targets, extra);

  it('a canary of 2 with one failing host: exactly 2 hosts ran, exit 1, the other 4 reported as not started', async () => {
    resetRuns(sshd);
    sshd.failRun(2, 3);
    const { events, emit } = collectEvents();
    const error = await deployHosts({ emit, signal: new AbortController().signal }, plan(hosts(6), { canary: 2, concurrency: 3 })).catch((e) => e);
    expect(error).toBeInstanceOf(HangarError);
    expect(error.code).toBe('deploy.canary');
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(/^canary failed: 1 of 2 canary hosts failed: i-00[01]; 4 hosts left untouched \(not started\)$/);
    const runs = readRuns(sshd.runsLog);
    expect(runs).toHaveLength(2);
    // The canary is one batch: both ran at once.
    expect(maxOverlap(runs)).toBe(2);
    const { data, text } = resultOf(events);
    expect(data.hosts.map((r) => [r.stage, r.status])).toEqual([
      ['canary', expect.stringMatching(/^(ok|failed)$/)],
      ['canary', expect.stringMatching(/^(ok|failed)$/)],
      ...Array(4).fill(['rest', 'not-run']),
    ]);
    expect(data.hosts.filter((r) => r.status === 'failed')).toHaveLength(1);
    expect(data.hosts.slice(2).every((r) => r.reason === 'not started: the canary failed')).toBe(true);
    expect(text).toMatch(/^STAGE\s+HOST/);
    expect(text).toContain('4 did not run (i-002, i-003, i-004, i-005)');
    expect(events.some((e) => e.type === 'step' && e.name === 'canary: 2 hosts first, as one batch')).toBe(true);
    expect(events.some((e) => e.type === 'step' && e.name.startsWith('canary passed'))).toBe(false);
  });

  it('a good canary goes on to every host, the rest at most N at once and only after the canary and its pause', async () => {
    resetRuns(sshd);
    const { events, emit } = collectEvents();
    const results = await deployHosts({ emit, signal: new AbortController().signal }, plan(hosts(7), { canary: 2, concurrency: 2, canaryPauseMs: 300 }));
    expect(results.map((r) => r.status)).toEqual(Array(7).fill('ok'));
    const runs = readRuns(sshd.runsLog);
    expect(runs).toHaveLength(7);
    expect(runs.every((r) => r.end !== undefined)).toBe(true);
    const [canary, rest] = [runs.slice(0, 2), runs.slice(2)];
    const canaryEnd = Math.max(...canary.map((r) => r.end!));
    // Nothing of the rest started before the canary ended and the pause (300 ms) passed.
    expect(Math.min(...rest.map((r) => r.start))).toBeGreaterThanOrEqual(canaryEnd + 250);
    expect(maxOverlap(canary)).toBe(2);
    expect(maxOverlap(rest)).toBe(2);
    const { data, text } = resultOf(events);
    expect(data.hosts.map((r) => r.stage)).toEqual(['canary', 'canary', 'rest', 'rest', 'rest', 'rest', 'rest']);
    expect(text).toContain('7/7 ok');
    const steps = events.filter((e) => e.type === 'step').map((e) => (e as { name: string }).name);
    expect(steps.filter((s) => s.startsWith('canary'))).toEqual([
      'canary: 2 hosts first, as one batch',
      'canary pause: 0.3 s',
      'canary passed: the other 5 hosts, 2 at a time',
    ]);
  });

  it('a canary as large as the fleet is one stage, without a stage column', async () => {
    resetRuns(sshd);
    const { events, emit } = collectEvents();
    await deployHosts({ emit, signal: new AbortController().signal }, plan(hosts(2), { canary: 5 }));
    expect(readRuns(sshd.runsLog)).toHaveLength(2);
    expect(resultOf(events).data.hosts.every((r) => r.stage === undefined)).toBe(true);
    expect(resultOf(events).text).not.toContain('STAGE');
  });
});
