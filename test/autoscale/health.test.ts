// Unit tests: judging "n of N healthy" from describe results, the refresh verdict, the status text, bounded polling.
import { describe, expect, it } from 'vitest';
import { describeWaiting, judgeHealth } from '../../src/rollout/health.js';
import { formatGroupStatus } from '../../src/fleet/asg-status.js';
import { judgeRefresh, refreshTimeoutMs } from '../../src/rollout/refresh.js';
import { WaitError, pollUntil } from '../../src/rollout/wait.js';

const member = (id: string, LifecycleState = 'InService', HealthStatus = 'Healthy') => ({ InstanceId: id, LifecycleState, HealthStatus });
const status = (id: string, state = 'running', checks = 'ok') => ({
  InstanceId: id,
  InstanceState: { Name: state },
  InstanceStatus: { Status: checks },
  SystemStatus: { Status: checks },
});

describe('judgeHealth', () => {
  it('counts an instance healthy only when InService, Healthy and EC2 ok/ok', () => {
    const j = judgeHealth({
      asg: { Instances: [member('i-1'), member('i-2', 'Pending'), member('i-3')] } as never,
      expected: 3,
      statuses: [status('i-1'), status('i-2', 'pending'), status('i-3', 'running', 'initializing')] as never,
    });
    expect(j.healthy).toBe(1);
    expect(j.done).toBe(false);
    expect(j.failure).toBeUndefined();
    expect(describeWaiting(j)).toContain('i-3 (EC2 running initializing/initializing)');
  });

  it('is done at N of N', () => {
    const j = judgeHealth({ asg: { Instances: [member('i-1'), member('i-2')] } as never, expected: 2, statuses: [status('i-1'), status('i-2')] as never });
    expect(j).toMatchObject({ healthy: 2, done: true });
  });

  it('is not done while fewer instances than expected exist', () => {
    const j = judgeHealth({ asg: { Instances: [member('i-1')] } as never, expected: 2, statuses: [status('i-1')] as never });
    expect(j.done).toBe(false);
    expect(describeWaiting(j)).toContain('1 instance not launched yet');
  });

  it('fails on an Unhealthy, terminating or impaired instance, and when the ASG is gone', () => {
    expect(judgeHealth({ asg: { Instances: [member('i-1', 'InService', 'Unhealthy')] } as never, expected: 1, statuses: [] }).failure).toContain(
      'i-1 marked Unhealthy',
    );
    expect(judgeHealth({ asg: { Instances: [member('i-1', 'Terminating')] } as never, expected: 1, statuses: [] }).failure).toContain('terminated');
    expect(
      judgeHealth({ asg: { Instances: [member('i-1')] } as never, expected: 1, statuses: [status('i-1', 'running', 'impaired')] as never }).failure,
    ).toContain('impaired');
    expect(judgeHealth({ asg: undefined, expected: 1, statuses: [] }).failure).toBe('the ASG no longer exists');
  });

  it('waits for target health and registered services when asked', () => {
    const base = { asg: { Instances: [member('i-1')] } as never, expected: 1, statuses: [status('i-1')] as never };
    expect(judgeHealth({ ...base, targetHealth: new Map([['i-1', 'initial']]) }).done).toBe(false);
    expect(judgeHealth({ ...base, targetHealth: new Map([['i-1', 'healthy']]) }).done).toBe(true);
    const partly = judgeHealth({ ...base, services: ['www', 'api'], registered: new Map([['i-1', new Set(['www'])]]) });
    expect(partly.done).toBe(false);
    expect(partly.instances[0]!.missingServices).toEqual(['api']);
    expect(judgeHealth({ ...base, services: ['www'], registered: new Map([['i-1', new Set(['www'])]]) }).done).toBe(true);
  });
});

describe('judgeRefresh', () => {
  it('done on Successful, failure on Failed/rollback, waiting otherwise', () => {
    expect(judgeRefresh({ Status: 'Successful' })).toEqual({ done: true });
    expect(judgeRefresh({ Status: 'InProgress', PercentageComplete: 50 }).done).toBe(false);
    expect(judgeRefresh({ Status: 'RollbackSuccessful', StatusReason: 'unhealthy' }).failure).toContain('RollbackSuccessful: unhealthy');
    expect(refreshTimeoutMs(1000, 10, 90)).toBe(10_000);
    expect(refreshTimeoutMs(1000, 2, 50)).toBe(2000);
  });
});

describe('formatGroupStatus', () => {
  it('shows capacity, version, AMI and an instance table', () => {
    const text = formatGroupStatus('web', [
      {
        name: 'web-20260102030405',
        status: undefined,
        desired: 2,
        min: 2,
        max: 4,
        createdAt: undefined,
        launchTemplate: 'hangar-web',
        templateVersion: '3',
        ami: 'ami-12345678',
        instances: [{ id: 'i-1', lifecycle: 'InService', health: 'Healthy', zone: 'us-east-1a', ec2: 'running ok/ok', templateVersion: '3' }],
      },
    ]);
    expect(text).toContain('web-20260102030405  desired 2 (min 2, max 4)  1/2 healthy in service');
    expect(text).toContain('launch template hangar-web v3  AMI ami-12345678');
    expect(text).toMatch(/i-1\s+InService\s+Healthy\s+running ok\/ok/);
    expect(formatGroupStatus('web', [])).toContain('no ASG');
  });
});

describe('pollUntil', () => {
  const signal = new AbortController().signal;
  it('returns once the judge says done', async () => {
    let n = 0;
    const out = await pollUntil({ what: 'n', check: async () => ++n, judge: (v) => ({ done: v >= 3 }), timeoutMs: 5000, intervalMs: 1, signal });
    expect(out).toBe(3);
  });

  it('throws timeout with the explanation, and failure at once', async () => {
    const timeout = pollUntil({
      what: 'x',
      check: async () => 1,
      judge: () => ({ done: false }),
      explain: () => 'still 0/1',
      timeoutMs: 50,
      intervalMs: 10,
      signal,
    });
    await expect(timeout).rejects.toMatchObject({ reason: 'timeout', code: 'autoscale.timeout' });
    await expect(timeout).rejects.toThrow(/still 0\/1/);
    const failed = pollUntil({ what: 'x', check: async () => 1, judge: () => ({ done: false, failure: 'boom' }), timeoutMs: 5000, signal });
    await expect(failed).rejects.toMatchObject({ reason: 'failed', message: 'x failed: boom' });
  });

  it('stops waiting at once when the signal fires', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = pollUntil({
      what: 'x',
      check: async () => 1,
      judge: () => ({ done: false }),
      timeoutMs: 60_000,
      intervalMs: 30_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('interrupted')), 20);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitError);
    expect((error as WaitError<number>).reason).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
