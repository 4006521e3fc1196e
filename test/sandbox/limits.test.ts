// The sandbox's caps and guards one by one: the instance limit, the wildcard matcher, the decoder, settings, the write guard.
import { readFileSync } from 'node:fs';
import { DescribeInstancesCommand, DescribeVpcsCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, readSandboxState, setSandboxSettings } from '../../src/sandbox/index.js';
import { wildcardMatch } from '../../src/sandbox/filters.js';
import { LIMITS } from '../../src/sandbox/limits.js';
import { decodeQuery } from '../../src/sandbox/protocol/query-decode.js';
import { withState } from '../../src/sandbox/state/store.js';
import { type Fixture, clientsFor, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx?.close();
});

describe('wildcard filters', () => {
  it.each([
    ['web-*', 'web-1', true],
    ['web-*', 'db-1', false],
    ['*-1', 'web-1', true],
    ['w?b', 'web', true],
    ['w?b', 'weeb', false],
    ['*', '', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['***', 'anything', true],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(wildcardMatch(pattern, value)).toBe(expected);
  });

  it('takes bounded time on a pattern that makes a regex backtrack for ages', () => {
    const started = performance.now();
    for (let n = 0; n < 20; n++) expect(wildcardMatch(`${'*a'.repeat(30)}*b`, 'a'.repeat(1000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('the query decoder', () => {
  it('keeps __proto__ and constructor params as plain keys (no prototype pollution)', async () => {
    const { DescribeInstances$ } = (await import('@aws-sdk/client-ec2')) as unknown as Record<string, unknown[]>;
    const params = new URLSearchParams('__proto__.polluted=1&constructor.prototype.polluted=1&InstanceId.1=i-1&Filter.1.Name=__proto__');
    const input = decodeQuery(DescribeInstances$![4], params, 'ec2');
    expect(input).toEqual({ InstanceIds: ['i-1'], Filters: [{ Name: '__proto__' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the instance limit', () => {
  it(`launches as many as fit up to MaxCount, then refuses MinCount with InstanceLimitExceeded (${LIMITS.instancesPerRegion} a region)`, async () => {
    const out = await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 100_000_000 }));
    expect(out.Instances).toHaveLength(LIMITS.instancesPerRegion);
    await expect(fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({
      name: 'InstanceLimitExceeded',
      $metadata: { httpStatusCode: 400 },
    });
    const ids = out.Instances!.map((i) => i.InstanceId!);
    for (let i = 0; i < ids.length; i += 1000) await fx.ec2.send(new TerminateInstancesCommand({ InstanceIds: ids.slice(i, i + 1000) }));
    // Terminated ones no longer count.
    await expect(fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }))).resolves.toMatchObject({
      Instances: [expect.any(Object)],
    });
    const page = await fx.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(page.NextToken).toBeDefined();
  });
});

describe('settings', () => {
  it('takes a loopback address and a bounded speed over HTTP; null clears them', async () => {
    const post = (body: unknown) => fetch(`${fx.sandbox.url}/_sandbox/settings`, { method: 'POST', body: JSON.stringify(body) });
    const set = await post({ address: '127.0.0.9', speed: 0.02 });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ settings: { address: '127.0.0.9', speed: 0.02 } });
    const cleared = await post({ address: null, speed: null });
    expect(await cleared.json()).toEqual({ settings: {} });
    expect(readSandboxState(fx.sandbox.stateFile)!.settings).toEqual({});
  });

  it('refuses a non-loopback address in code too', async () => {
    await expect(setSandboxSettings(fx.sandbox.stateFile, { address: '192.168.1.1' })).rejects.toMatchObject({ code: 'sandbox.settings', exitCode: 2 });
    await expect(setSandboxSettings(fx.sandbox.stateFile, { address: '127.0.0.300' })).rejects.toThrow(/address: expected an IPv4 address/);
  });
});

describe('the write guard', () => {
  it('never writes a state the next read would refuse: the transaction fails, the file stays as it was', async () => {
    const before = readFileSync(fx.sandbox.stateFile, 'utf8');
    await expect(
      withState(fx.sandbox.stateFile, (state) => {
        (state.instances as unknown[]).push(null);
      }),
    ).rejects.toMatchObject({ code: 'InvalidParameterValue', message: expect.stringMatching(/instances\[\d+\]: expected object, got null/) });
    expect(readFileSync(fx.sandbox.stateFile, 'utf8')).toBe(before);
  });
});

describe('the log', () => {
  it('says "internal error" only for unexpected errors, not for an injected 5xx fault', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { kind: 'error', action: 'DescribeVpcs', code: 'InternalError', status: 500, count: 1 });
    const { ec2 } = clientsFor(fx.sandbox.url, 'us-east-1', 1);
    await expect(ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    ec2.destroy();
    expect(fx.logs.filter((line) => line.includes('internal error'))).toEqual([]);
  });
});
