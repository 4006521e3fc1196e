// Unit tests: autoscale defaults, ASG names, CreateAutoScalingGroup input and launch template data.
import { describe, expect, it } from 'vitest';
import { asgNameFor, launchTemplateName, resolveAsgSettings, withCapacity } from '../../src/aws/asg-settings.js';
import { createAsgInput, sortNewestFirst } from '../../src/aws/asg.js';
import { launchTemplateData } from '../../src/aws/launch-templates.js';
import type { HangarError } from '../../src/errors.js';

const template = { id: 'lt-1', name: 'hangar-web', version: 7, createdTemplate: false };

describe('resolveAsgSettings', () => {
  it('fills the README defaults: desired = min, grace 300 s, EC2 health check, drain 30 s', () => {
    const s = resolveAsgSettings('web', { autoscale: { node_min: 2, node_max: 4 }, availability_zones: ['us-east-1a'] });
    expect(s).toMatchObject({ min: 2, max: 4, desired: 2, healthCheckGrace: 300, healthCheckType: 'EC2', drainMs: 30_000, timeoutMs: 600_000 });
    expect(s.zones).toEqual(['us-east-1a']);
    expect(s.subnets).toBeUndefined();
  });

  it('uses desired, ELB health check with target groups, subnets over zones, and the timeouts given', () => {
    const s = resolveAsgSettings('web', {
      autoscale: { node_min: 1, node_max: 5, desired: 3, timeout: 20, drain_timeout: 0, health_check_grace: 10, target_group_arns: ['arn:tg'] },
      subnets: ['subnet-1', 'subnet-2'],
      availability_zones: ['us-east-1a'],
    });
    expect(s).toMatchObject({ desired: 3, healthCheckType: 'ELB', healthCheckGrace: 10, timeoutMs: 20_000, drainMs: 0 });
    expect(s.subnets).toEqual(['subnet-1', 'subnet-2']);
    expect(s.zones).toBeUndefined();
  });

  it('refuses a group that does not autoscale, has no placement, or a desired outside min..max (exit 2)', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return [(error as HangarError).code, (error as HangarError).exitCode];
      }
      return undefined;
    };
    expect(code(() => resolveAsgSettings('web', { autoscale: false, subnets: ['s'] }))).toEqual(['autoscale.disabled', 2]);
    expect(code(() => resolveAsgSettings('web', { autoscale: { node_min: 1 } }))).toEqual(['autoscale.placement', 2]);
    expect(code(() => resolveAsgSettings('web', { autoscale: { node_min: 1, node_max: 2, desired: 3 }, subnets: ['s'] }))).toEqual(['autoscale.capacity', 2]);
  });

  it('widens the bounds to hold the capacity of the ASG being replaced', () => {
    const s = resolveAsgSettings('web', { autoscale: { node_min: 2, node_max: 4 }, subnets: ['s'] });
    expect(withCapacity(s, 6)).toMatchObject({ min: 2, max: 6, desired: 6 });
    expect(withCapacity(s, 0)).toMatchObject({ min: 0, max: 4, desired: 0 });
  });
});

describe('names', () => {
  it('G-yyyymmddHHMMss in UTC and hangar-G', () => {
    expect(asgNameFor('12_04-bee', new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('12_04-bee-20260102030405');
    expect(launchTemplateName('web')).toBe('hangar-web');
  });

  it('sorts ASGs newest first', () => {
    const sorted = sortNewestFirst([
      { AutoScalingGroupName: 'a-1', CreatedTime: new Date(1000) },
      { AutoScalingGroupName: 'a-3', CreatedTime: new Date(3000) },
      { AutoScalingGroupName: 'a-2', CreatedTime: new Date(2000) },
    ] as never);
    expect(sorted.map((a) => a.AutoScalingGroupName)).toEqual(['a-3', 'a-2', 'a-1']);
  });
});

describe('createAsgInput', () => {
  it('pins the template version, sets capacity, placement, health and propagated tags', () => {
    const settings = resolveAsgSettings('web', {
      autoscale: { node_min: 2, node_max: 4, target_group_arns: ['arn:tg'] },
      subnets: ['subnet-1', 'subnet-2'],
    });
    const input = createAsgInput('web-20260102030405', settings, template, { tags: { team: 'ops', Name: 'ignored' } });
    expect(input).toMatchObject({
      AutoScalingGroupName: 'web-20260102030405',
      LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '7' },
      MinSize: 2,
      MaxSize: 4,
      DesiredCapacity: 2,
      HealthCheckType: 'ELB',
      HealthCheckGracePeriod: 300,
      VPCZoneIdentifier: 'subnet-1,subnet-2',
      TargetGroupARNs: ['arn:tg'],
    });
    expect(input.AvailabilityZones).toBeUndefined();
    expect(input.Tags).toEqual([
      { Key: 'team', Value: 'ops', PropagateAtLaunch: true },
      { Key: 'group', Value: 'web', PropagateAtLaunch: true },
      { Key: 'Name', Value: 'web', PropagateAtLaunch: true },
    ]);
  });
});

describe('launchTemplateData', () => {
  it('splits security group ids from names, base64-encodes the user data, names or ARNs the profile', () => {
    const data = launchTemplateData(
      { instance_type: 'm3.xlarge', key_name: 'ops', security_groups: ['sg-0123abcd', 'www'], iam_instance_profile: 'web-role' },
      'ami-12345678',
      '#!/bin/sh\necho hi\n',
    );
    expect(data).toMatchObject({
      ImageId: 'ami-12345678',
      InstanceType: 'm3.xlarge',
      KeyName: 'ops',
      SecurityGroupIds: ['sg-0123abcd'],
      SecurityGroups: ['www'],
      IamInstanceProfile: { Name: 'web-role' },
    });
    expect(Buffer.from(data.UserData!, 'base64').toString()).toBe('#!/bin/sh\necho hi\n');
    expect(launchTemplateData({ iam_instance_profile: 'arn:aws:iam::1:instance-profile/x' }, 'ami-1', '').IamInstanceProfile).toEqual({
      Arn: 'arn:aws:iam::1:instance-profile/x',
    });
  });
});
