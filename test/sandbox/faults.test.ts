// Faults kept in the state file: errors on demand (throttling retried by the SDK), unhealthy groups, fixed addresses.
import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, DescribeImagesCommand, DescribeInstanceStatusCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, clearSandboxFaults, readSandboxState, setSandboxSettings } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, clientsFor, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx?.close();
});

describe('error faults', () => {
  it('throttles the next calls of an action; the SDK retries (adaptive) and then succeeds', async () => {
    await addSandboxFault(fx.sandbox.stateFile, {
      kind: 'error',
      action: 'DescribeImages',
      code: 'RequestLimitExceeded',
      message: 'Request limit exceeded.',
      count: 2,
    });
    const { ec2 } = clientsFor(fx.sandbox.url, 'us-east-1', 5);
    const out = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
    expect(out.Images?.map((i) => i.ImageId)).toContain('ami-1ebb2077');
    expect(out.$metadata.attempts).toBe(3);
    expect(readSandboxState(fx.sandbox.stateFile)!.faults).toEqual([]);
    ec2.destroy();
  });

  it('fails for good when the retries run out, with the AWS code', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { kind: 'error', action: 'DescribeAutoScalingGroups', code: 'Throttling', message: 'Rate exceeded', count: 5 });
    const { asg } = clientsFor(fx.sandbox.url, 'us-east-1', 2);
    await expect(asg.send(new DescribeAutoScalingGroupsCommand({}))).rejects.toMatchObject({ name: 'Throttling', $metadata: { attempts: 2 } });
    await clearSandboxFaults(fx.sandbox.stateFile);
    await expect(fx.asg.send(new DescribeAutoScalingGroupsCommand({}))).resolves.toMatchObject({ AutoScalingGroups: [] });
    asg.destroy();
  });

  it('answers AuthFailure with HTTP 403 through the admin route; it is not retried', async () => {
    const response = await fetch(`${fx.sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({
        kind: 'error',
        action: 'RunInstances',
        code: 'AuthFailure',
        message: 'AWS was not able to validate the provided access credentials',
        count: 1,
      }),
    });
    expect(response.status).toBe(200);
    await expect(fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }))).rejects.toMatchObject({
      name: 'AuthFailure',
      $metadata: { httpStatusCode: 403, attempts: 1 },
    });
    const bad = await fetch(`${fx.sandbox.url}/_sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'error', action: 'X' }) });
    expect(bad.status).toBe(400);
  });
});

describe('unhealthy fault', () => {
  it('makes instances of the group InService but Unhealthy and impaired, and never replaces them', async () => {
    await fx.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'bee', LaunchTemplateData: { ImageId: 'ami-1ebb2077' } }));
    await addSandboxFault(fx.sandbox.stateFile, { kind: 'unhealthy', group: '12_04-bee' });
    const create = (name: string, group: string) =>
      fx.asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          LaunchTemplate: { LaunchTemplateName: 'bee' },
          MinSize: 2,
          MaxSize: 2,
          AvailabilityZones: ['us-east-1a'],
          Tags: [{ Key: 'group', Value: group, PropagateAtLaunch: true }],
        }),
      );
    await create('bee-sick', '12_04-bee');
    await create('www-fine', '12_04-www');
    const describe = async (name: string) =>
      (await fx.asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups![0]!;
    const sick = await waitUntil(
      async () => {
        const group = await describe('bee-sick');
        return group.Instances!.length === 2 && group.Instances!.every((i) => i.LifecycleState === 'InService') ? group : undefined;
      },
      5000,
      'sick group in service',
    );
    expect(sick.Instances!.map((i) => i.HealthStatus)).toEqual(['Unhealthy', 'Unhealthy']);
    const fine = await waitUntil(
      async () => {
        const group = await describe('www-fine');
        return group.Instances!.every((i) => i.LifecycleState === 'InService') ? group : undefined;
      },
      5000,
      'fine group in service',
    );
    expect(fine.Instances!.map((i) => i.HealthStatus)).toEqual(['Healthy', 'Healthy']);
    const ids = sick.Instances!.map((i) => i.InstanceId!);
    const status = await waitUntil(
      async () => {
        const out = await fx.ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: ids }));
        return out.InstanceStatuses!.every((s) => s.InstanceStatus?.Status === 'impaired') ? out : undefined;
      },
      5000,
      'impaired',
    );
    expect(status.InstanceStatuses).toHaveLength(2);
    // Still the same two instances a while later: unhealthy-by-fault instances are not replaced.
    await waitUntil(async () => (await describe('www-fine')).Instances!.length === 2, 1000);
    expect((await describe('bee-sick')).Instances!.map((i) => i.InstanceId)).toEqual(ids);
    await clearSandboxFaults(fx.sandbox.stateFile);
  });
});

describe('fixed address', () => {
  it('gives new instances 127.0.0.1 when the setting is on', async () => {
    await setSandboxSettings(fx.sandbox.stateFile, { address: '127.0.0.1' });
    const out = await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 2, MaxCount: 2 }));
    expect(out.Instances!.map((i) => [i.PrivateIpAddress, i.PublicIpAddress])).toEqual([
      ['127.0.0.1', '127.0.0.1'],
      ['127.0.0.1', '127.0.0.1'],
    ]);
    await setSandboxSettings(fx.sandbox.stateFile, { address: undefined });
    const next = await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }));
    expect(next.Instances![0]!.PrivateIpAddress).not.toBe('127.0.0.1');
  });
});
