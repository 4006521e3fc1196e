// Auto Scaling group calls: Create, Describe, Update, SetDesiredCapacity, Delete (with its scaling policies), tags.
import type * as ASG from '@aws-sdk/client-auto-scaling';
import { apiError } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { applyFilters } from '../filters.js';
import { LIMITS, checkCount } from '../limits.js';
import { paginate } from '../paginate.js';
import { findLaunchTemplate } from '../state/lookup.js';
import { ensureRegion } from '../state/seed.js';
import type { AsgTag, AutoScalingGroupRecord, SandboxState } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';
import { activeMembers, listedMembers } from './members.js';
import { terminateMember } from './activities.js';
import { reconcileGroups } from './reconcile.js';
import { toAutoScalingGroup, toTagDescriptions } from './shape.js';

const validation = (message: string) => apiError('ValidationError', message);
const unknownFilter = (name: string) => validation(`Filter name ${name} is invalid`);

/** Deleting a group deletes its scaling policies at once (AWS does the same). */
function deleteGroupPolicies(state: SandboxState, group: AutoScalingGroupRecord): void {
  if (state.policies) state.policies = state.policies.filter((p) => !(p.group === group.name && p.region === group.region));
}

export function findGroup(ctx: RequestContext, name: string | undefined): AutoScalingGroupRecord {
  const group = ctx.state.groups.find((g) => g.region === ctx.region && g.name === name && !g.deleting);
  if (!group) throw validation(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
  return group;
}

function templateRef(ctx: RequestContext, spec: ASG.LaunchTemplateSpecification | undefined): AutoScalingGroupRecord['launchTemplate'] {
  if (!spec) throw validation('Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.');
  try {
    const template = findLaunchTemplate(ctx.state, ctx.region, spec);
    return { id: template.id, name: template.name, version: spec.Version ?? '$Default' };
  } catch (error) {
    throw validation(`You must use a valid fully-formed launch template. ${(error as Error).message}`);
  }
}

/** The sizes a request gives, each a whole number within the sandbox's group limit (ValidationError otherwise). */
function checkSizes(input: { MinSize?: number | undefined; MaxSize?: number | undefined; DesiredCapacity?: number | undefined }): void {
  checkCount('query', 'MinSize', input.MinSize, 0, LIMITS.groupSize);
  checkCount('query', 'MaxSize', input.MaxSize, 0, LIMITS.groupSize);
  checkCount('query', 'DesiredCapacity', input.DesiredCapacity, 0, LIMITS.groupSize);
}

function checkCapacity(min: number, max: number, desired: number): void {
  if (min > max) throw validation(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max) {
    throw validation(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
  }
}

function placementOf(ctx: RequestContext, zones: string[] | undefined, vpcZoneIdentifier: string | undefined) {
  const subnetIds = (vpcZoneIdentifier ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of subnetIds) {
    if (!ctx.state.subnets.some((s) => s.id === id && s.region === ctx.region)) throw validation(`The subnet ID '${id}' does not exist`);
  }
  const subnetZones = subnetIds.map((id) => ctx.state.subnets.find((s) => s.id === id)!.zone);
  const all = [...new Set([...(zones ?? []), ...subnetZones])];
  for (const zone of all) {
    if (!ctx.state.subnets.some((s) => s.zone === zone && s.region === ctx.region)) throw validation(`Invalid Availability Zone: ${zone}`);
  }
  return { zones: all, subnetIds };
}

function mergeTags(existing: AsgTag[], tags: ASG.Tag[] | undefined): AsgTag[] {
  const byKey = new Map(existing.map((t) => [t.key, t]));
  for (const tag of tags ?? []) {
    if (!tag.Key) continue;
    byKey.set(tag.Key, { key: tag.Key, value: tag.Value ?? '', propagate: Boolean(tag.PropagateAtLaunch) });
  }
  return [...byKey.values()];
}

function groupFields(group: AutoScalingGroupRecord, name: string): string[] | undefined {
  if (name.startsWith('tag:')) return group.tags.filter((t) => t.key === name.slice(4)).map((t) => t.value);
  if (name === 'tag-key') return group.tags.map((t) => t.key);
  if (name === 'tag-value') return group.tags.map((t) => t.value);
  return undefined;
}

export const groupHandlers: HandlerTable = {
  CreateAutoScalingGroup: handler<ASG.CreateAutoScalingGroupType, object>((ctx, input) => {
    ensureRegion(ctx.state, ctx.region, ctx.clock.now);
    const name = input.AutoScalingGroupName;
    if (!name) throw validation('1 validation error detected: Value null at autoScalingGroupName failed to satisfy constraint: Member must not be null');
    if (ctx.state.groups.some((g) => g.region === ctx.region && g.name === name)) {
      throw apiError('AlreadyExists', `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`);
    }
    checkSizes(input);
    const launchTemplate = templateRef(ctx, input.LaunchTemplate);
    const min = input.MinSize ?? 0;
    const max = input.MaxSize ?? 0;
    const desired = input.DesiredCapacity ?? min;
    checkCapacity(min, max, desired);
    const placement = placementOf(ctx, input.AvailabilityZones, input.VPCZoneIdentifier);
    if (placement.zones.length === 0) throw validation('At least one Availability Zone or VPC Subnet is required.');
    ctx.state.groups.push({
      name,
      region: ctx.region,
      arn: `arn:aws:autoscaling:${ctx.region}:${SANDBOX_ACCOUNT}:autoScalingGroup:${crypto.randomUUID()}:autoScalingGroupName/${name}`,
      launchTemplate,
      min,
      max,
      desired,
      ...placement,
      healthCheckType: input.HealthCheckType ?? 'EC2',
      grace: input.HealthCheckGracePeriod ?? 0,
      targetGroupArns: input.TargetGroupARNs ?? [],
      terminationPolicies: input.TerminationPolicies ?? ['Default'],
      createdAt: ctx.clock.now,
      tags: mergeTags([], input.Tags),
    });
    reconcileGroups(ctx);
    return {};
  }),

  DescribeAutoScalingGroups: handler<ASG.AutoScalingGroupNamesType, ASG.AutoScalingGroupsType>((ctx, input) => {
    let groups = ctx.state.groups.filter((g) => g.region === ctx.region);
    if (input.AutoScalingGroupNames?.length) groups = groups.filter((g) => input.AutoScalingGroupNames!.includes(g.name));
    groups = applyFilters(groups, input.Filters, groupFields, unknownFilter);
    const page = paginate(groups, input.MaxRecords ?? 50, input.NextToken, { min: 1, max: 100, protocol: 'query' });
    return { AutoScalingGroups: page.items.map((g) => toAutoScalingGroup(ctx.state, g, ctx.clock)), NextToken: page.nextToken };
  }),

  UpdateAutoScalingGroup: handler<ASG.UpdateAutoScalingGroupType, object>((ctx, input) => {
    checkSizes(input);
    const group = findGroup(ctx, input.AutoScalingGroupName);
    const min = input.MinSize ?? group.min;
    const max = input.MaxSize ?? group.max;
    // Raising min above the desired capacity raises it too (and lowering max lowers it), as AWS does.
    const desired = input.DesiredCapacity ?? Math.min(Math.max(group.desired, min), max);
    checkCapacity(min, max, desired);
    if (input.LaunchTemplate) group.launchTemplate = templateRef(ctx, input.LaunchTemplate);
    if (input.AvailabilityZones || input.VPCZoneIdentifier) Object.assign(group, placementOf(ctx, input.AvailabilityZones, input.VPCZoneIdentifier));
    Object.assign(group, { min, max, desired });
    if (input.HealthCheckType) group.healthCheckType = input.HealthCheckType;
    if (input.HealthCheckGracePeriod !== undefined) group.grace = input.HealthCheckGracePeriod;
    if (input.TerminationPolicies) group.terminationPolicies = input.TerminationPolicies;
    reconcileGroups(ctx);
    return {};
  }),

  SetDesiredCapacity: handler<ASG.SetDesiredCapacityType, object>((ctx, input) => {
    checkSizes(input);
    const group = findGroup(ctx, input.AutoScalingGroupName);
    const desired = input.DesiredCapacity ?? group.desired;
    if (desired > group.max) throw validation(`New SetDesiredCapacity value ${desired} is above max value ${group.max} for the AutoScalingGroup.`);
    if (desired < group.min) throw validation(`New SetDesiredCapacity value ${desired} is below min value ${group.min} for the AutoScalingGroup.`);
    group.desired = desired;
    reconcileGroups(ctx);
    return {};
  }),

  DeleteAutoScalingGroup: handler<ASG.DeleteAutoScalingGroupType, object>((ctx, input) => {
    const group = findGroup(ctx, input.AutoScalingGroupName);
    if (input.ForceDelete) {
      for (const record of activeMembers(ctx.state, group)) terminateMember(ctx, group, record, 'the group was deleted');
      group.deleting = true;
      group.desired = 0;
      deleteGroupPolicies(ctx.state, group);
      reconcileGroups(ctx);
      return {};
    }
    if (activeMembers(ctx.state, group).length > 0) {
      throw apiError(
        'ResourceInUse',
        'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
      );
    }
    if (listedMembers(ctx.state, group).length > 0) {
      throw apiError('ScalingActivityInProgress', 'You cannot delete an AutoScalingGroup while there are scaling activities in progress for that group.');
    }
    ctx.state.groups = ctx.state.groups.filter((g) => g !== group);
    deleteGroupPolicies(ctx.state, group);
    ctx.state.refreshes = ctx.state.refreshes.filter((r) => !(r.group === group.name && r.region === group.region));
    return {};
  }),

  CreateOrUpdateTags: handler<ASG.CreateOrUpdateTagsType, object>((ctx, input) => {
    for (const tag of input.Tags ?? []) {
      const group = findGroup(ctx, tag.ResourceId);
      group.tags = mergeTags(group.tags, [tag]);
    }
    return {};
  }),

  DeleteTags: handler<ASG.DeleteTagsType, object>((ctx, input) => {
    for (const tag of input.Tags ?? []) {
      const group = findGroup(ctx, tag.ResourceId);
      group.tags = group.tags.filter((t) => t.key !== tag.Key);
    }
    return {};
  }),

  DescribeTags: handler<ASG.DescribeTagsType, ASG.TagsType>((ctx, input) => {
    const tags = ctx.state.groups.filter((g) => g.region === ctx.region && !g.deleting).flatMap(toTagDescriptions);
    const filtered = applyFilters(
      tags,
      input.Filters,
      (tag, name) => {
        if (name === 'auto-scaling-group') return [tag.ResourceId];
        if (name === 'key') return [tag.Key];
        if (name === 'value') return [tag.Value];
        if (name === 'propagate-at-launch') return [String(tag.PropagateAtLaunch)];
        return undefined;
      },
      unknownFilter,
    );
    const page = paginate(filtered, input.MaxRecords ?? 50, input.NextToken, { min: 1, max: 100, protocol: 'query' });
    return { Tags: page.items, NextToken: page.nextToken };
  }),
};
