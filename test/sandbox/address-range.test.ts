// HANGAR_SANDBOX_ADDRESS ranges: parsing (loopback only, not reversed), and one address per new instance through the real SDK.
import { DescribeInstancesCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { HangarError } from '../../src/errors.js';
import { countInRange, parseAddressRange, pickAddress } from '../../src/sandbox/address-range.js';
import { sandboxAddressRange } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { startFixture } from './sandbox-fixture.js';

const range = (value: string) => {
  const parsed = parseAddressRange(value);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('HANGAR_SANDBOX_ADDRESS', () => {
  it('takes one address or an inclusive range inside 127.0.0.0/8', () => {
    expect(range('127.0.0.1')).toEqual({ first: 0x7f000001, last: 0x7f000001 });
    expect(range(' 127.0.0.2-127.0.0.41 ')).toEqual({ first: 0x7f000002, last: 0x7f000029 });
    expect(range('127.0.0.250 - 127.0.1.3')).toEqual({ first: 0x7f0000fa, last: 0x7f000103 });
    expect(range('127.255.255.255')).toEqual({ first: 0x7fffffff, last: 0x7fffffff });
  });

  it('refuses an address outside 127.0.0.0/8, a reversed range and garbage, naming the variable', () => {
    for (const bad of ['10.0.0.1', '127.0.0.2-128.0.0.1', '0.0.0.0-127.0.0.5', '127.0.0.41-127.0.0.2', '127.0.0.2-', 'localhost', '127.0.0.256']) {
      const problem = parseAddressRange(bad);
      expect(typeof problem, bad).toBe('string');
      expect(problem).toContain('HANGAR_SANDBOX_ADDRESS');
    }
    expect(parseAddressRange('127.0.0.41-127.0.0.2')).toContain('reversed');
    expect(parseAddressRange('127.0.0.2-10.0.0.1')).toContain('the last address must be a loopback address');
    expect(parseAddressRange('192.168.1.1')).toContain('must be a loopback address');
  });

  it('is a usage error (exit 2) when the sandbox starts with a bad value', () => {
    const error = (() => {
      try {
        sandboxAddressRange(undefined, '127.0.0.9-127.0.0.1');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(HangarError);
    expect((error as HangarError).code).toBe('sandbox.address');
    expect((error as HangarError).exitCode).toBe(2);
    expect(sandboxAddressRange(undefined, '  ')).toBeUndefined();
    expect(sandboxAddressRange('127.0.0.3', '10.0.0.1')).toEqual({ first: 0x7f000003, last: 0x7f000003 });
  });

  it('picks the lowest free address, then the least shared one, counting its own picks', () => {
    const r = range('127.0.0.2-127.0.0.4');
    const pick = (inUse: string[]) => pickAddress(r, countInRange(r, inUse));
    expect(pick([])).toBe('127.0.0.2');
    expect(pick(['127.0.0.2', '127.0.0.9'])).toBe('127.0.0.3');
    expect(pick(['127.0.0.3'])).toBe('127.0.0.2');
    expect(pick(['127.0.0.2', '127.0.0.3', '127.0.0.4'])).toBe('127.0.0.2');
    expect(pick(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.2'])).toBe('127.0.0.3');
    const counts = countInRange(r, ['127.0.0.3']);
    expect([1, 2, 3, 4].map(() => pickAddress(r, counts))).toEqual(['127.0.0.2', '127.0.0.4', '127.0.0.2', '127.0.0.3']);
    const one = range('127.0.0.1');
    expect(pickAddress(one, countInRange(one, ['127.0.0.1', '127.0.0.1']))).toBe('127.0.0.1');
  });
});

describe('a sandbox with an address range', () => {
  it('gives each new instance its own address, and reuses a terminated one', async () => {
    const fx = await startFixture({ address: '127.0.0.2-127.0.0.41' });
    try {
      const run = (count: number) =>
        fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: count, MaxCount: count })).then((out) => out.Instances ?? []);
      const first = await run(40);
      const addresses = first.map((i) => i.PrivateIpAddress);
      expect(new Set(addresses).size).toBe(40);
      expect(addresses[0]).toBe('127.0.0.2');
      expect(addresses[39]).toBe('127.0.0.41');
      expect(first.every((i) => i.PublicIpAddress === i.PrivateIpAddress)).toBe(true);
      const gone = first[4]!.InstanceId!;
      await fx.ec2.send(new TerminateInstancesCommand({ InstanceIds: [gone] }));
      const stateOf = async () => (await fx.ec2.send(new DescribeInstancesCommand({ InstanceIds: [gone] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name;
      await waitUntil(async () => (await stateOf()) === 'terminated', 10_000, 'the instance to be terminated');
      // The range was full: the address of the terminated instance is the one free again.
      const [next] = await run(1);
      expect(next?.PrivateIpAddress).toBe('127.0.0.6');
    } finally {
      await fx.close();
    }
  });
});
