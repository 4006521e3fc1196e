// deployHosts against a real sshd on loopback: success, a failing host, an unreachable host, the limit, max-failures, abort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployHosts, type DeployPlan } from '../../src/deploy/deploy-hosts.js';
import type { DeployTarget } from '../../src/deploy/fan-out.js';
import { runCommand } from '../../src/deploy/runner.js';
import { HangarError } from '../../src/errors.js';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort, waitUntil } from '../helpers/net.js';
import { collectEvents, planOver, resetRuns } from './helpers/deploy-plan.js';
import { type Sshd, maxOverlap, processesWith, readRuns, startSshd } from './helpers/sshd.js';

const enabled = haveBinaries('/usr/sbin/sshd', 'ssh', 'ssh-keygen');

const hosts = (count: number, address = '127.0.0.1'): DeployTarget[] =>
  Array.from({ length: count }, (_, i) => ({ instanceId: `i-${String(i).padStart(3, '0')}`, group: i % 2 ? 'www' : 'bee', address, user: 'root' }));

describe.skipIf(!enabled)('deploy over a real sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd(0.5);
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const plan = (targets: DeployTarget[], extra: Partial<DeployPlan> = {}): DeployPlan => planOver(sshd, targets, extra);

  it('provisions every host, streams each line prefixed with group and instance, and never runs more than N at once', async () => {
    resetRuns(sshd);
    const { events, emit } = collectEvents();
    const results = await deployHosts({ emit, signal: new AbortController().signal }, plan(hosts(6), { concurrency: 2 }));
    expect(results.map((r) => [r.status, r.exitCode])).toEqual(Array(6).fill(['ok', 0]));
    const lines = events.filter((e) => e.type === 'log' && e.message.includes('Chef Infra Client finished (fake)'));
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((e) => `${e.group} ${e.source}`)).size).toBe(6);
    expect(lines.find((e) => e.source === 'i-001')?.group).toBe('www');
    const runs = readRuns(sshd.runsLog);
    expect(runs).toHaveLength(6);
    expect(runs.every((r) => r.end !== undefined)).toBe(true);
    expect(maxOverlap(runs)).toBe(2);
    const result = events.find((e) => e.type === 'result');
    expect(result?.type === 'result' && result.text).toMatch(/6\/6 ok/);
  });

  it('reports a failing host with its exit code, keeps the others going, and fails the deploy', async () => {
    resetRuns(sshd);
    sshd.failRun(2, 3);
    const { events, emit } = collectEvents();
    const error = await deployHosts({ emit, signal: new AbortController().signal }, plan(hosts(3), { concurrency: 1 })).catch((e) => e);
    expect(error).toBeInstanceOf(HangarError);
    expect(error.code).toBe('deploy.failed');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe('1 of 3 hosts failed: i-001');
    const result = events.find((e) => e.type === 'result');
    const rows = (result as { data: { hosts: { instance: string; status: string; exitCode: number | null }[] } }).data.hosts;
    expect(rows.map((r) => [r.instance, r.status, r.exitCode])).toEqual([
      ['i-000', 'ok', 0],
      ['i-001', 'failed', 3],
      ['i-002', 'ok', 0],
    ]);
    expect(events.some((e) => e.type === 'log' && e.level === 'warn' && e.source === 'i-001' && e.message.startsWith('failed (exit 3)'))).toBe(true);
  });

  it('gives a clear error for an unreachable host and leaves the others unaffected', async () => {
    resetRuns(sshd);
    // sshd listens on 127.0.0.1 only: 127.0.0.2 on the same port refuses the connection.
    const targets = [...hosts(2), { instanceId: 'i-dead', group: 'bee', address: '127.0.0.2', user: 'root' }];
    const { events, emit } = collectEvents();
    const error = await deployHosts({ emit, signal: new AbortController().signal }, plan(targets)).catch((e) => e);
    expect(error.message).toBe('1 of 3 hosts failed: i-dead');
    const rows = (
      events.find((e) => e.type === 'result') as { data: { hosts: { instance: string; status: string; exitCode: number | null; reason: string | null }[] } }
    ).data.hosts;
    expect(rows.filter((r) => r.status === 'ok').map((r) => r.instance)).toEqual(['i-000', 'i-001']);
    const dead = rows.find((r) => r.instance === 'i-dead')!;
    expect(dead.exitCode).toBe(255);
    expect(dead.reason).toMatch(/^ssh: .*Connection refused/);
  });

  it('times a host out with --timeout and kills its ssh', async () => {
    resetRuns(sshd);
    const { emit } = collectEvents();
    const error = await deployHosts(
      { emit, signal: new AbortController().signal },
      plan(hosts(1), { remoteCommand: `sleep 30; ${sshd.chefSolo}`, timeoutMs: 700 }),
    ).catch((e) => e);
    expect(error.code).toBe('deploy.failed');
    await waitUntil(() => processesWith(`sleep 30; ${sshd.chefSolo}`).length === 0, 5000, 'ssh to be killed');
  });

  it('stops starting hosts after --max-failures K', async () => {
    resetRuns(sshd);
    sshd.failRun(1, 2);
    sshd.failRun(2, 2);
    const { events, emit } = collectEvents();
    const error = await deployHosts({ emit, signal: new AbortController().signal }, plan(hosts(5), { concurrency: 1, maxFailures: 2 })).catch((e) => e);
    expect(error.message).toBe('2 of 5 hosts failed: i-000, i-001; 3 not started (--max-failures 2)');
    expect(readRuns(sshd.runsLog)).toHaveLength(2);
    const text = (events.find((e) => e.type === 'result') as { text: string }).text;
    expect(text).toContain('3 did not run (i-002, i-003, i-004)');
  });

  it('on abort kills the running ssh processes, starts no more, and says which hosts did not run', async () => {
    resetRuns(sshd);
    const remoteCommand = `sleep 20; ${sshd.chefSolo} abort-test`;
    const controller = new AbortController();
    const { events, emit } = collectEvents();
    const pending = deployHosts({ emit, signal: controller.signal }, plan(hosts(5), { remoteCommand, concurrency: 2 })).catch((e) => e);
    await waitUntil(() => processesWith(remoteCommand).length === 2, 10_000, 'two ssh processes');
    const started = Date.now();
    controller.abort();
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error.code).toBe('deploy.cancelled');
    expect(processesWith(remoteCommand)).toEqual([]);
    const text = (events.find((e) => e.type === 'result') as { text: string }).text;
    expect(text).toContain('0/5 ok, 2 cancelled while running (i-000, i-001), 3 did not run (i-002, i-003, i-004)');
  });

  it('runs the real runner on a bad port with a clear reason', async () => {
    const port = await freePort();
    const outcome = await runCommand(
      {
        file: 'ssh',
        args: ['-o', 'BatchMode=yes', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'ConnectTimeout=3', '-p', String(port), '--', '127.0.0.1', 'true'],
        env: {},
      },
      { onLine: () => {} },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.exitCode).toBe(255);
    expect(outcome.reason).toContain(`port ${port}: Connection refused`);
  });
});
