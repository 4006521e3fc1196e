// Auto Scaling through the real SDK: launch templates, groups reaching desired capacity, scale-in, health, refresh, delete.
import {
  AlreadyExistsFault,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  DescribeInstanceRefreshesCommand,
  DescribeScalingActivitiesCommand,
  ResourceInUseFault,
  SetDesiredCapacityCommand,
  SetInstanceHealthCommand,
  StartInstanceRefreshCommand,
  TerminateInstanceInAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
  await fx.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: 'www',
      LaunchTemplateData: {
        ImageId: 'ami-1ebb2077',
        InstanceType: 'm3.xlarge',
        SecurityGroups: ['www'],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'from-template', Value: 'yes' }] }],
      },
    }),
  );
});
afterAll(async () => {
  await fx?.close();
});

const groupNamed = async (name: string) => (await fx.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];

const inService = async (name: string, count: number) => {
  const group = await groupNamed(name);
  const ready = group?.Instances?.filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy') ?? [];
  return group?.Instances?.length === count && ready.length === count ? group : undefined;
};

describe('Auto Scaling groups', () => {
  it('creates a group that reaches its desired capacity, tagged and balanced over zones', async () => {
    await fx.asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'www-1',
        LaunchTemplate: { LaunchTemplateName: 'www', Version: '$Latest' },
        MinSize: 2,
        MaxSize: 4,
        DesiredCapacity: 3,
        AvailabilityZones: ['us-east-1a', 'us-east-1b'],
        HealthCheckType: 'EC2',
        HealthCheckGracePeriod: 30,
        Tags: [
          { Key: 'group', Value: '12_04-www', PropagateAtLaunch: true },
          { Key: 'not-propagated', Value: 'x', PropagateAtLaunch: false },
        ],
      }),
    );
    const first = await groupNamed('www-1');
    expect(first?.Instances?.every((i) => i.LifecycleState === 'Pending')).toBe(true);
    expect(first?.LaunchTemplate?.LaunchTemplateName).toBe('www');
    const group = await waitUntil(() => inService('www-1', 3), 5000, 'www-1 in service');
    expect(new Set(group.Instances!.map((i) => i.AvailabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    const ec2 = await fx.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:aws:autoscaling:groupName', Values: ['www-1'] }] }));
    const instances = ec2.Reservations!.flatMap((r) => r.Instances ?? []);
    expect(instances).toHaveLength(3);
    const tags = Object.fromEntries(instances[0]!.Tags!.map((t) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ group: '12_04-www', 'from-template': 'yes', 'aws:autoscaling:groupName': 'www-1' });
    expect(tags['not-propagated']).toBeUndefined();
    expect(instances[0]!.InstanceType).toBe('m3.xlarge');
  });

  it('refuses a second group of the same name with the typed AlreadyExistsFault', async () => {
    const error = await fx.asg
      .send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'www-1',
          LaunchTemplate: { LaunchTemplateName: 'www' },
          MinSize: 0,
          MaxSize: 1,
          AvailabilityZones: ['us-east-1a'],
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AlreadyExistsFault);
    await expect(
      fx.asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'bad',
          LaunchTemplate: { LaunchTemplateName: 'nope' },
          MinSize: 0,
          MaxSize: 1,
          AvailabilityZones: ['us-east-1a'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('scales in and out, replaces an instance set Unhealthy, and terminates with decrement', async () => {
    await fx.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'www-1', DesiredCapacity: 2 }));
    await waitUntil(() => inService('www-1', 2), 5000, 'scaled in to 2');
    await expect(fx.asg.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: 'www-1', DesiredCapacity: 9 }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const before = (await groupNamed('www-1'))!.Instances!.map((i) => i.InstanceId!);
    await fx.asg.send(new SetInstanceHealthCommand({ InstanceId: before[0], HealthStatus: 'Unhealthy' }));
    const replaced = await waitUntil(
      async () => {
        const group = await inService('www-1', 2);
        return group && !group.Instances!.some((i) => i.InstanceId === before[0]) ? group : undefined;
      },
      5000,
      'unhealthy replaced',
    );
    expect(replaced.Instances!.map((i) => i.InstanceId)).toContain(before[1]);
    const details = await fx.asg.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [before[1]!] }));
    expect(details.AutoScalingInstances?.[0]).toMatchObject({ AutoScalingGroupName: 'www-1', HealthStatus: 'HEALTHY', LifecycleState: 'InService' });
    const out = await fx.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: before[1], ShouldDecrementDesiredCapacity: false }));
    expect(out.Activity?.Description).toContain(before[1]);
    await expect(
      fx.asg.send(new TerminateInstanceInAutoScalingGroupCommand({ InstanceId: replaced.Instances![0]!.InstanceId, ShouldDecrementDesiredCapacity: true })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await waitUntil(() => inService('www-1', 2), 5000, 'replacement after terminate');
    const activities = await fx.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'www-1' }));
    expect(activities.Activities!.some((a) => a.Description?.startsWith('Terminating'))).toBe(true);
  });

  it('refreshes every instance onto a new launch template version', async () => {
    await fx.ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'www', SourceVersion: '1', LaunchTemplateData: { InstanceType: 'c5.large' } }),
    );
    const old = (await groupNamed('www-1'))!.Instances!.map((i) => i.InstanceId!);
    const { InstanceRefreshId } = await fx.asg.send(
      new StartInstanceRefreshCommand({ AutoScalingGroupName: 'www-1', Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 0 } }),
    );
    const done = await waitUntil(
      async () => {
        const out = await fx.asg.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: 'www-1', InstanceRefreshIds: [InstanceRefreshId!] }));
        return out.InstanceRefreshes?.[0]?.Status === 'Successful' ? out.InstanceRefreshes[0] : undefined;
      },
      8000,
      'refresh successful',
    );
    expect(done.PercentageComplete).toBe(100);
    const group = (await inService('www-1', 2))!;
    expect(group.Instances!.some((i) => old.includes(i.InstanceId!))).toBe(false);
    expect(group.Instances!.every((i) => i.LaunchTemplate?.Version === '2')).toBe(true);
  });

  it('paginates groups, filters by tag, refuses to delete a busy group, force-deletes', async () => {
    for (const n of [2, 3, 4]) {
      await fx.asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: `empty-${n}`,
          LaunchTemplate: { LaunchTemplateName: 'www' },
          MinSize: 0,
          MaxSize: 1,
          VPCZoneIdentifier: '',
          AvailabilityZones: ['us-east-1c'],
          Tags: [{ Key: 'kind', Value: 'empty' }],
        }),
      );
    }
    const names: string[] = [];
    for await (const page of paginateDescribeAutoScalingGroups({ client: fx.asg, pageSize: 2 }, {}))
      names.push(...page.AutoScalingGroups!.map((g) => g.AutoScalingGroupName!));
    expect(names.sort()).toEqual(['empty-2', 'empty-3', 'empty-4', 'www-1']);
    const tagged = await fx.asg.send(new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'tag:kind', Values: ['empty'] }] }));
    expect(tagged.AutoScalingGroups).toHaveLength(3);
    await fx.asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'empty-2' }));
    const busy = await fx.asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'www-1' })).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ResourceInUseFault);
    await fx.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'www-1', MinSize: 0 }));
    await fx.asg.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'www-1', ForceDelete: true }));
    expect((await groupNamed('www-1'))?.Status).toBe('Delete in progress');
    await waitUntil(async () => (await groupNamed('www-1')) === undefined, 5000, 'group gone');
    const left = await fx.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:aws:autoscaling:groupName', Values: ['www-1'] },
          { Name: 'instance-state-name', Values: ['pending', 'running'] },
        ],
      }),
    );
    expect(left.Reservations).toEqual([]);
  });
});
