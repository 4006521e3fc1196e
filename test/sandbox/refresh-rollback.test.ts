// Instance refresh that stalls on unhealthy instances, its rollback to the previous template, and refusals.
import {
  CancelInstanceRefreshCommand,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  DescribeLaunchConfigurationsCommand,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateLaunchTemplateVersionCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, clearSandboxFaults } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
  await fx.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'app', LaunchTemplateData: { ImageId: 'ami-1ebb2077', InstanceType: 't3.small' } }));
  await fx.asg.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'app-1',
      LaunchTemplate: { LaunchTemplateName: 'app', Version: '1' },
      MinSize: 2,
      MaxSize: 3,
      AvailabilityZones: ['us-east-1a', 'us-east-1b'],
      Tags: [{ Key: 'group', Value: 'app', PropagateAtLaunch: true }],
    }),
  );
  await waitUntil(async () => (await healthyVersions()).length === 2, 5000, 'app-1 in service');
});
afterAll(async () => {
  await fx?.close();
});

const group = async () => (await fx.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['app-1'] }))).AutoScalingGroups![0]!;
const healthyVersions = async () =>
  (await group()).Instances!.filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy').map((i) => i.LaunchTemplate?.Version);
const refreshOf = async (id: string) =>
  (await fx.asg.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: 'app-1', InstanceRefreshIds: [id] }))).InstanceRefreshes![0]!;

describe('instance refresh rollback', () => {
  it('stalls while replacements are unhealthy, then rolls back to the previous template', async () => {
    await fx.ec2.send(
      new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'app', SourceVersion: '1', LaunchTemplateData: { InstanceType: 't3.large' } }),
    );
    await addSandboxFault(fx.sandbox.stateFile, { kind: 'unhealthy', group: 'app' });
    const { InstanceRefreshId } = await fx.asg.send(
      new StartInstanceRefreshCommand({
        AutoScalingGroupName: 'app-1',
        DesiredConfiguration: { LaunchTemplate: { LaunchTemplateName: 'app', Version: '2' } },
        Preferences: { MinHealthyPercentage: 50, InstanceWarmup: 0 },
      }),
    );
    const id = InstanceRefreshId!;
    expect((await group()).LaunchTemplate?.Version).toBe('2');
    await waitUntil(
      async () => (await group()).Instances!.some((i) => i.LaunchTemplate?.Version === '2' && i.HealthStatus === 'Unhealthy'),
      5000,
      'an unhealthy replacement',
    );
    const stalled = await refreshOf(id);
    expect(stalled.Status).toBe('InProgress');
    expect(stalled.PercentageComplete).toBeLessThan(100);

    await clearSandboxFaults(fx.sandbox.stateFile);
    await fx.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: 'app-1' }));
    expect((await refreshOf(id)).Status).toBe('RollbackInProgress');
    await waitUntil(async () => (await refreshOf(id)).Status === 'RollbackSuccessful', 8000, 'rollback successful');
    const back = await group();
    expect(back.LaunchTemplate?.Version).toBe('1');
    await waitUntil(
      async () => {
        const versions = await healthyVersions();
        return versions.length === 2 && versions.every((v) => v === '1');
      },
      5000,
      'two healthy instances on version 1',
    );
    await expect(fx.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: 'app-1' }))).rejects.toMatchObject({
      name: 'ActiveInstanceRefreshNotFoundFault',
    });
  });

  it('cannot roll back a refresh started without a desired configuration; cancel works', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { kind: 'unhealthy', group: 'app' });
    const { InstanceRefreshId } = await fx.asg.send(
      new StartInstanceRefreshCommand({ AutoScalingGroupName: 'app-1', Preferences: { MinHealthyPercentage: 50 } }),
    );
    await expect(fx.asg.send(new StartInstanceRefreshCommand({ AutoScalingGroupName: 'app-1' }))).rejects.toMatchObject({
      name: 'InstanceRefreshInProgressFault',
    });
    await expect(fx.asg.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: 'app-1' }))).rejects.toMatchObject({
      name: 'IrreversibleInstanceRefreshFault',
    });
    await fx.asg.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: 'app-1' }));
    expect((await refreshOf(InstanceRefreshId!)).Status).toBe('Cancelled');
    await clearSandboxFaults(fx.sandbox.stateFile);
  });

  it('has no launch configurations', async () => {
    const out = await fx.asg.send(new DescribeLaunchConfigurationsCommand({}));
    expect(out.LaunchConfigurations).toEqual([]);
  });
});
