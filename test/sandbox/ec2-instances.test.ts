// EC2 instances through the real SDK: run, describe (filters, pages), lifecycle over scaled time, stop/start, terminate, errors.
import {
  DescribeInstanceStatusCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  paginateDescribeInstances,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx?.close();
});

const stateOf = async (id: string) => {
  const out = await fx.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return out.Reservations?.[0]?.Instances?.[0]?.State?.Name;
};

describe('EC2 instances', () => {
  it('runs instances with tags and loopback addresses, pending then running', async () => {
    const out = await fx.ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-1ebb2077',
        InstanceType: 'm1.large',
        MinCount: 2,
        MaxCount: 2,
        KeyName: 'hangar-sandbox',
        SecurityGroups: ['bee'],
        Placement: { AvailabilityZone: 'us-east-1b' },
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'group', Value: '12_04-bee' },
              { Key: 'Name', Value: 'one-off' },
            ],
          },
        ],
      }),
    );
    expect(out.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(out.Instances).toHaveLength(2);
    const [a, b] = out.Instances!;
    expect(a!.State?.Name).toBe('pending');
    expect(a!.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect(a!.Placement?.AvailabilityZone).toBe('us-east-1b');
    expect(a!.PrivateIpAddress).toMatch(/^127\./);
    expect(a!.PublicIpAddress).toMatch(/^127\.20\./);
    expect(a!.PrivateIpAddress).not.toBe(b!.PrivateIpAddress);
    expect(a!.SecurityGroups?.[0]?.GroupName).toBe('bee');
    expect(a!.Tags).toContainEqual({ Key: 'group', Value: '12_04-bee' });
    await waitUntil(async () => (await stateOf(a!.InstanceId!)) === 'running', 5000, 'running');
  });

  it('filters by tag, state and zone; paginates with NextToken', async () => {
    await fx.ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-1ebb2077',
        MinCount: 7,
        MaxCount: 7,
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: 'pages' }] }],
      }),
    );
    const byTag = await fx.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:group', Values: ['pages'] }] }));
    expect(byTag.Reservations?.flatMap((r) => r.Instances ?? [])).toHaveLength(7);
    const wildcard = await fx.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:group', Values: ['12_04-*'] }] }));
    expect(wildcard.Reservations?.flatMap((r) => r.Instances ?? [])).toHaveLength(2);
    const zone = await fx.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'availability-zone', Values: ['us-east-1b'] },
          { Name: 'tag-key', Values: ['Name'] },
        ],
      }),
    );
    expect(zone.Reservations?.flatMap((r) => r.Instances ?? [])).toHaveLength(2);
    const ids: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: fx.ec2, pageSize: 5 }, { Filters: [{ Name: 'tag:group', Values: ['pages'] }] })) {
      pages++;
      for (const r of page.Reservations ?? []) for (const i of r.Instances ?? []) ids.push(i.InstanceId!);
    }
    expect(pages).toBe(2);
    expect(new Set(ids).size).toBe(7);
  });

  it('answers unknown ids and bad filters with typed AWS errors', async () => {
    await expect(fx.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-00000000000000000'] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-00000000', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
    await expect(fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', KeyName: 'nope', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({
      name: 'InvalidKeyPair.NotFound',
    });
    await expect(fx.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('stops, starts and terminates over scaled time; status checks', async () => {
    const run = await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }));
    const id = run.Instances![0]!.InstanceId!;
    await waitUntil(async () => (await stateOf(id)) === 'running', 5000, 'running');
    const status = await waitUntil(
      async () => {
        const out = await fx.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }));
        return out.InstanceStatuses?.[0]?.InstanceStatus?.Status === 'ok' ? out.InstanceStatuses[0] : undefined;
      },
      5000,
      'status ok',
    );
    expect(status.InstanceState?.Name).toBe('running');
    const stop = await fx.ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
    expect(stop.StoppingInstances?.[0]).toMatchObject({ PreviousState: { Name: 'running' }, CurrentState: { Name: 'stopping' } });
    await waitUntil(async () => (await stateOf(id)) === 'stopped', 5000, 'stopped');
    const hidden = await fx.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id] }));
    expect(hidden.InstanceStatuses).toEqual([]);
    const all = await fx.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: [id], IncludeAllInstances: true }));
    expect(all.InstanceStatuses?.[0]?.InstanceState?.Name).toBe('stopped');
    await fx.ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
    await waitUntil(async () => (await stateOf(id)) === 'running', 5000, 'running again');
    const term = await fx.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(term.TerminatingInstances?.[0]?.CurrentState?.Name).toBe('shutting-down');
    await waitUntil(async () => (await stateOf(id)) === 'terminated', 5000, 'terminated');
  });
});
