// fleet:drift reads the fleet with one bounded set of describe calls per region, however many instances run (counted on the SDK clients).
import { join } from 'node:path';
import { RunInstancesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { UpdateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClients } from '../../src/aws/clients.js';
import { loadConfig } from '../../src/config/index.js';
import type { DriftReport } from '../../src/drift/types.js';
import { sandboxAwsTarget } from '../../src/sandbox/backends/index.js';
import { type World, asgsOf, registerAmi, runAction, startWorld } from '../autoscale/world.js';
import { waitUntil } from '../helpers/net.js';
import { writeSmallFleet } from '../helpers/small-fleet.js';

describe('the calls fleet:drift makes', { timeout: 120_000 }, () => {
  let world: World;
  const calls: string[] = [];
  let newest: string;

  beforeAll(async () => {
    world = await startWorld();
    writeSmallFleet(world.dir, { web: 0, api: 0 });
    world.config = loadConfig(join(world.dir, 'nodes.json'));
    for (const group of ['web', 'api']) {
      newest = await registerAmi(world, group);
      expect((await runAction(world, 'autoscale:run', [group], { wait: true })).state).toBe('succeeded');
    }
    const { ec2, autoscaling } = await awsClients(sandboxAwsTarget(world.sandbox.url), 'us-east-1');
    for (const client of [ec2, autoscaling] as { middlewareStack: { add: (...args: unknown[]) => void } }[]) {
      client.middlewareStack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
          calls.push(context.commandName ?? '?');
          return next(args);
        },
        { step: 'initialize', name: 'countDriftCalls' },
      );
    }
  });
  afterAll(async () => world?.close());

  async function driftCalls(): Promise<{ calls: string[]; report: DriftReport }> {
    calls.length = 0;
    const ran = await runAction(world, 'fleet:drift', ['web', 'api']);
    expect(ran.state, ran.text).toBe('succeeded');
    const result = ran.events.find((e) => e.type === 'result');
    return { calls: [...calls].sort(), report: (result as { data: DriftReport }).data };
  }

  const ONE_SET = [
    'DescribeAutoScalingGroupsCommand',
    'DescribeImagesCommand',
    'DescribeInstancesCommand',
    // One per launch template (hangar-web, hangar-api), not one per instance.
    'DescribeLaunchTemplateVersionsCommand',
    'DescribeLaunchTemplateVersionsCommand',
  ];

  it('two groups, one instance each: five calls', async () => {
    const { calls: made, report } = await driftCalls();
    expect(made).toEqual(ONE_SET);
    // The AMIs were registered by hand (no hangar:config tag) and packer/G.json was never written: only that drifts.
    expect(report.groups.map((g) => [g.group, g.items.map((i) => i.summary)])).toEqual(
      ['web', 'api'].map((g) => [
        g,
        [`packer template packer/${g}.json is missing`, expect.stringMatching(/^newest AMI ami-\S+ was built from another config$/)],
      ]),
    );
  });

  it('more instances (an ASG at 2, a one-off on the newest AMI): the same five calls', async () => {
    const [asg] = await asgsOf(world, 'web');
    await world.autoscaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: asg!.AutoScalingGroupName, DesiredCapacity: 2 }));
    await world.ec2.send(
      new RunInstancesCommand({
        ImageId: newest,
        MinCount: 1,
        MaxCount: 1,
        Placement: { AvailabilityZone: 'us-east-1a' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: 'api' }] }],
      }),
    );
    await waitUntil(
      async () => {
        const out = await world.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
        return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).length === 4;
      },
      20_000,
      'four running instances',
    );
    const { calls: made, report } = await driftCalls();
    expect(made).toEqual(ONE_SET);
    // The AMIs were registered by hand (no hangar:config tag) and packer/G.json was never written: only that drifts.
    expect(report.groups.map((g) => [g.group, g.items.map((i) => i.summary)])).toEqual(
      ['web', 'api'].map((g) => [
        g,
        [`packer template packer/${g}.json is missing`, expect.stringMatching(/^newest AMI ami-\S+ was built from another config$/)],
      ]),
    );
  });
});
