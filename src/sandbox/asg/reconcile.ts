// Moves every Auto Scaling group toward its desired capacity: replaces unhealthy instances, launches, scales in, refreshes.
import type * as EC2 from '@aws-sdk/client-ec2';
import type { RequestContext } from '../context.js';
import { launchInstances } from '../ec2/launch.js';
import { findLaunchTemplate, resolveVersion } from '../state/lookup.js';
import type { AutoScalingGroupRecord, InstanceRecord, SandboxState, Tags } from '../state/types.js';
import { activeMembers, listedMembers, onGroupTemplate } from './members.js';
import { advanceRefreshes } from './refresh-progress.js';
import { recordActivity, terminateMember } from './activities.js';

type Ctx = Pick<RequestContext, 'state' | 'clock' | 'region' | 'fixedAddress'>;

/** AWS's StatusMessage of a launch that EC2 refused, e.g. "The image id '[ami-1]' does not exist. Launching EC2 instance failed." */
export function launchFailureMessage(error: unknown): string {
  const reason = (error instanceof Error ? error.message : String(error)).trim().replace(/\.?$/, '.');
  return `${reason} Launching EC2 instance failed.`;
}

/** The group's last failed launch is recent: AWS waits before trying again, so does the sandbox. */
function backingOff(ctx: Ctx, group: AutoScalingGroupRecord): boolean {
  const last = ctx.state.activities.findLast((a) => a.group === group.name && a.status === 'Failed');
  return last !== undefined && ctx.clock.now < last.startedAt + ctx.clock.delay('launchRetry');
}

/** The zone with the fewest active members, in the group's zone order. */
function nextZone(group: AutoScalingGroupRecord, members: InstanceRecord[], state: SandboxState): { zone?: string; subnetId?: string } {
  const targets: Array<{ subnetId?: string; zone?: string | undefined }> =
    group.subnetIds.length > 0
      ? group.subnetIds.map((id) => ({ subnetId: id, zone: state.subnets.find((s) => s.id === id)?.zone }))
      : group.zones.map((zone) => ({ zone }));
  if (targets.length === 0) return {};
  const count = (zone: string | undefined) => members.filter((m) => m.zone === zone).length;
  const best = targets.reduce((a, b) => (count(b.zone) < count(a.zone) ? b : a));
  return best.subnetId ? { subnetId: best.subnetId } : best.zone ? { zone: best.zone } : {};
}

function launchMember(ctx: Ctx, group: AutoScalingGroupRecord, members: InstanceRecord[]): InstanceRecord {
  const template = findLaunchTemplate(ctx.state, group.region, { LaunchTemplateId: group.launchTemplate.id });
  const version = resolveVersion(template, group.launchTemplate.version);
  const data = version.data as EC2.RequestLaunchTemplateData;
  const tags: Tags = {};
  for (const spec of data.TagSpecifications ?? []) {
    if (spec.ResourceType === 'instance') for (const tag of spec.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  }
  for (const tag of group.tags) if (tag.propagate) tags[tag.key] = tag.value;
  tags['aws:autoscaling:groupName'] = group.name;
  tags['aws:ec2launchtemplate:id'] = template.id;
  tags['aws:ec2launchtemplate:version'] = String(version.number);
  const [record] = launchInstances(
    { ...ctx, region: group.region },
    {
      imageId: data.ImageId,
      instanceType: data.InstanceType,
      keyName: data.KeyName,
      securityGroupIds: data.SecurityGroupIds ?? data.NetworkInterfaces?.[0]?.Groups,
      securityGroupNames: data.SecurityGroups,
      userData: data.UserData,
      iamInstanceProfile: data.IamInstanceProfile?.Arn ?? data.IamInstanceProfile?.Name,
      ...nextZone(group, members, ctx.state),
      tags,
      count: 1,
      launchTemplate: { id: template.id, name: template.name, version: String(version.number) },
      group: group.name,
    },
  );
  recordActivity(
    ctx.state,
    group.name,
    `Launching a new EC2 instance: ${record!.id}`,
    'an instance was started in response to a difference between desired and actual capacity',
    ctx.clock.now,
  );
  return record!;
}

/** Which member goes first on scale-in: unhealthy, then other template versions, then the oldest. */
function scaleInOrder(state: SandboxState, group: AutoScalingGroupRecord, a: InstanceRecord, b: InstanceRecord): number {
  const outdated = (r: InstanceRecord) => (onGroupTemplate(state, group, r) ? 1 : 0);
  const unhealthy = (r: InstanceRecord) => (r.health === 'Unhealthy' || r.impaired ? 0 : 1);
  return unhealthy(a) - unhealthy(b) || outdated(a) - outdated(b) || a.launchedAt - b.launchedAt;
}

function reconcileGroup(ctx: Ctx, group: AutoScalingGroupRecord): void {
  for (const record of activeMembers(ctx.state, group)) {
    // Marked Unhealthy (SetInstanceHealth) or stopped: AWS replaces it. Instances under an `unhealthy` fault are not replaced.
    if (record.health === 'Unhealthy' || record.state === 'stopped') {
      terminateMember(ctx, group, record, 'an instance was taken out of service in response to a health check');
    }
  }
  const members = activeMembers(ctx.state, group);
  if (members.length > group.desired) {
    const extra = [...members].sort((a, b) => scaleInOrder(ctx.state, group, a, b)).slice(0, members.length - group.desired);
    for (const record of extra)
      terminateMember(ctx, group, record, 'an instance was taken out of service in response to a difference between desired and actual capacity');
    return;
  }
  const missing = group.desired - members.length;
  if (missing <= 0 || backingOff(ctx, group)) return;
  const cause = `an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${members.length} to ${group.desired}`;
  for (let n = 0; n < missing; n++) {
    try {
      members.push(launchMember(ctx, group, members));
    } catch (error) {
      // AWS records a Failed launch activity (its StatusMessage says why) and tries again after a while.
      const message = launchFailureMessage(error);
      recordActivity(ctx.state, group.name, `Launching a new EC2 instance.  Status Reason: ${message}`, cause, ctx.clock.now, { status: 'Failed', message });
      return;
    }
  }
}

export function reconcileGroups(ctx: Ctx): void {
  const { state } = ctx;
  for (const group of [...state.groups]) {
    if (group.deleting) {
      if (listedMembers(state, group).length === 0) state.groups = state.groups.filter((g) => g !== group);
      continue;
    }
    advanceRefreshes(ctx, group);
    reconcileGroup(ctx, group);
  }
}
