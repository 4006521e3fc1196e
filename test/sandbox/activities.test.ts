// Scaling activities through the real SDK: Successful launches, Failed launches (deregistered AMI, deleted subnet) with AWS's message, paging.
import {
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  UpdateAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeregisterImageCommand,
  DescribeSubnetsCommand,
  RegisterImageCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withState } from '../../src/sandbox/state/store.js';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
let template: string;
let gone: string;

beforeAll(async () => {
  fx = await startFixture();
  const registered = await fx.ec2.send(
    new RegisterImageCommand({ Name: 'soon gone', RootDeviceName: '/dev/sda1', BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } }] }),
  );
  gone = registered.ImageId!;
  const created = await fx.ec2.send(
    new CreateLaunchTemplateCommand({ LaunchTemplateName: 'acts', LaunchTemplateData: { ImageId: gone, InstanceType: 'm3.large' } }),
  );
  template = created.LaunchTemplate!.LaunchTemplateId!;
  await fx.ec2.send(new DeregisterImageCommand({ ImageId: gone }));
});
afterAll(async () => {
  await fx?.close();
});

const activitiesOf = async (name: string) => (await fx.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name }))).Activities ?? [];
const groupNamed = async (name: string) => (await fx.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];

describe('scaling activities', () => {
  it('a launch from a deregistered AMI is a Failed activity quoting EC2, tried again only after a backoff, and no instance', async () => {
    await fx.asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'acts-1',
        LaunchTemplate: { LaunchTemplateId: template, Version: '1' },
        MinSize: 2,
        MaxSize: 2,
        DesiredCapacity: 2,
        AvailabilityZones: ['us-east-1a'],
      }),
    );
    const [failed, ...rest] = await activitiesOf('acts-1');
    expect(rest).toHaveLength(0);
    expect(failed).toMatchObject({
      AutoScalingGroupName: 'acts-1',
      StatusCode: 'Failed',
      StatusMessage: `The image id '[${gone}]' does not exist. Launching EC2 instance failed.`,
      Progress: 100,
    });
    expect(failed!.Description).toBe(`Launching a new EC2 instance.  Status Reason: The image id '[${gone}]' does not exist. Launching EC2 instance failed.`);
    expect(failed!.Cause).toMatch(/increasing the capacity from 0 to 2\.$/);
    expect((await groupNamed('acts-1'))!.Instances).toEqual([]);
    // AWS tries again after a while, not on every call: a second Failed activity comes, newest first.
    await waitUntil(async () => (await activitiesOf('acts-1')).length >= 2, 10_000, 'a second attempt');
    const again = await activitiesOf('acts-1');
    expect(again.every((a) => a.StatusCode === 'Failed')).toBe(true);
    expect(again[0]!.StartTime!.getTime()).toBeGreaterThan(again.at(-1)!.StartTime!.getTime());
  });

  it('once the template names an AMI that exists, the launches succeed and are recorded as Successful', async () => {
    const version = await fx.ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateId: template, LaunchTemplateData: { ImageId: 'ami-1ebb2077', InstanceType: 'm3.large' } }),
    );
    await fx.asg.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: 'acts-1',
        LaunchTemplate: { LaunchTemplateId: template, Version: String(version.LaunchTemplateVersion!.VersionNumber) },
      }),
    );
    await waitUntil(async () => (await groupNamed('acts-1'))?.Instances?.length === 2, 10_000, 'two instances');
    const launched = (await activitiesOf('acts-1')).filter((a) => a.StatusCode === 'Successful');
    expect(launched).toHaveLength(2);
    expect(launched.every((a) => /^Launching a new EC2 instance: i-/.test(a.Description ?? '') && a.StatusMessage === undefined)).toBe(true);
  });

  it('pages with MaxRecords/NextToken and picks by ActivityIds', async () => {
    const all = await activitiesOf('acts-1');
    expect(all.length).toBeGreaterThanOrEqual(4);
    const first = await fx.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'acts-1', MaxRecords: 1 }));
    expect(first.Activities).toHaveLength(1);
    expect(first.NextToken).toBeTruthy();
    const second = await fx.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'acts-1', MaxRecords: 1, NextToken: first.NextToken }));
    expect(second.Activities![0]!.ActivityId).toBe(all[1]!.ActivityId);
    const picked = await fx.asg.send(new DescribeScalingActivitiesCommand({ ActivityIds: [all.at(-1)!.ActivityId!] }));
    expect(picked.Activities?.map((a) => a.ActivityId)).toEqual([all.at(-1)!.ActivityId]);
    expect(picked.Activities![0]!.StatusCode).toBe('Failed');
    await expect(fx.asg.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'acts-1', MaxRecords: 101 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/maxRecords.*less than or equal to 100/),
    });
  });

  it('a launch into a subnet that no longer exists is a Failed activity naming the subnet', async () => {
    const subnets = (await fx.ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? [];
    const subnet = subnets.find((s) => s.AvailabilityZone === 'us-east-1b')!.SubnetId!;
    await fx.asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'acts-2',
        LaunchTemplate: { LaunchTemplateId: template, Version: '$Latest' },
        MinSize: 0,
        MaxSize: 1,
        DesiredCapacity: 0,
        VPCZoneIdentifier: subnet,
      }),
    );
    // The subnet goes away behind the group's back (the sandbox has no DeleteSubnet: edit its state as another process would).
    await withState(fx.sandbox.stateFile, (state) => {
      state.subnets = state.subnets.filter((s) => s.id !== subnet);
    });
    await fx.asg.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'acts-2', DesiredCapacity: 1 }));
    const [failed] = await activitiesOf('acts-2');
    expect(failed).toMatchObject({ StatusCode: 'Failed', StatusMessage: `The subnet ID '${subnet}' does not exist. Launching EC2 instance failed.` });
    expect((await groupNamed('acts-2'))!.Instances).toEqual([]);
  });
});
