// Auto Scaling records as the SDK's shapes: AutoScalingGroup, Instance, TagDescription, Activity, InstanceRefresh.
import type * as ASG from '@aws-sdk/client-auto-scaling';
import type { Clock } from '../clock.js';
import type { ActivityRecord, AutoScalingGroupRecord, InstanceRecord, InstanceRefreshRecord, SandboxState } from '../state/types.js';
import { healthOf, lifecycleOf, listedMembers } from './members.js';

export function toTagDescriptions(group: AutoScalingGroupRecord): ASG.TagDescription[] {
  return group.tags.map((tag) => ({
    ResourceId: group.name,
    ResourceType: 'auto-scaling-group',
    Key: tag.key,
    Value: tag.value,
    PropagateAtLaunch: tag.propagate,
  }));
}

function memberTemplate(record: InstanceRecord): ASG.LaunchTemplateSpecification | undefined {
  const lt = record.launchTemplate;
  return lt ? { LaunchTemplateId: lt.id, LaunchTemplateName: lt.name, Version: lt.version } : undefined;
}

export function toGroupInstance(record: InstanceRecord, clock: Clock): ASG.Instance {
  return {
    InstanceId: record.id,
    InstanceType: record.instanceType,
    AvailabilityZone: record.zone,
    LifecycleState: lifecycleOf(record, clock) as ASG.Instance['LifecycleState'],
    HealthStatus: healthOf(record, clock),
    LaunchTemplate: memberTemplate(record),
    ProtectedFromScaleIn: false,
  };
}

export function toAutoScalingInstanceDetails(record: InstanceRecord, clock: Clock): ASG.AutoScalingInstanceDetails {
  return {
    InstanceId: record.id,
    InstanceType: record.instanceType,
    AutoScalingGroupName: record.group,
    AvailabilityZone: record.zone,
    LifecycleState: lifecycleOf(record, clock),
    // This call spells health in capitals, as AWS does.
    HealthStatus: healthOf(record, clock).toUpperCase(),
    LaunchTemplate: memberTemplate(record),
    ProtectedFromScaleIn: false,
  };
}

export function toAutoScalingGroup(state: SandboxState, group: AutoScalingGroupRecord, clock: Clock): ASG.AutoScalingGroup {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    LaunchTemplate: { LaunchTemplateId: group.launchTemplate.id, LaunchTemplateName: group.launchTemplate.name, Version: group.launchTemplate.version },
    MinSize: group.min,
    MaxSize: group.max,
    DesiredCapacity: group.desired,
    DefaultCooldown: 300,
    AvailabilityZones: group.zones,
    LoadBalancerNames: [],
    TargetGroupARNs: group.targetGroupArns,
    HealthCheckType: group.healthCheckType,
    HealthCheckGracePeriod: group.grace,
    Instances: listedMembers(state, group).map((record) => toGroupInstance(record, clock)),
    CreatedTime: new Date(group.createdAt),
    SuspendedProcesses: [],
    VPCZoneIdentifier: group.subnetIds.join(','),
    EnabledMetrics: [],
    Tags: toTagDescriptions(group),
    TerminationPolicies: group.terminationPolicies,
    NewInstancesProtectedFromScaleIn: false,
    ServiceLinkedRoleARN: `arn:aws:iam::${group.arn.split(':')[4]}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    ...(group.deleting ? { Status: 'Delete in progress' } : {}),
  };
}

export function toActivity(activity: ActivityRecord): ASG.Activity {
  return {
    ActivityId: activity.id,
    AutoScalingGroupName: activity.group,
    Description: activity.description,
    Cause: `At ${new Date(activity.startedAt).toISOString()} ${activity.cause}.`,
    StartTime: new Date(activity.startedAt),
    EndTime: new Date(activity.endedAt),
    StatusCode: activity.status,
    ...(activity.statusMessage ? { StatusMessage: activity.statusMessage } : {}),
    Progress: 100,
  };
}

export function toInstanceRefresh(refresh: InstanceRefreshRecord, replaced: number): ASG.InstanceRefresh {
  const done = refresh.status === 'Successful';
  return {
    InstanceRefreshId: refresh.id,
    AutoScalingGroupName: refresh.group,
    Status: refresh.status,
    StatusReason: refresh.statusReason,
    StartTime: new Date(refresh.startedAt),
    ...(refresh.endedAt ? { EndTime: new Date(refresh.endedAt) } : {}),
    PercentageComplete: done ? 100 : refresh.total === 0 ? 0 : Math.floor((replaced * 100) / refresh.total),
    InstancesToUpdate: done ? 0 : Math.max(0, refresh.total - replaced),
    Preferences: { MinHealthyPercentage: refresh.minHealthyPercentage, InstanceWarmup: refresh.warmup },
  };
}
