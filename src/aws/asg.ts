// Auto Scaling groups of a node group: list (by tag group=G), create, scale, delete.
import {
  type AutoScalingClient,
  type AutoScalingGroup,
  type CreateAutoScalingGroupCommandInput,
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import type { GroupConfig } from '../config/index.js';
import { HangarError } from '../errors.js';
import type { AsgSettings } from './asg-settings.js';
import { sendOptions } from './clients.js';
import { awsErrorCode } from './errors.js';
import type { CallOptions, LaunchTemplateRef } from './launch-templates.js';

/** The value of tag `key` on an ASG. */
export const tagOf = (asg: AutoScalingGroup, key: string) => asg.Tags?.find((t) => t.Key === key)?.Value;

/** Newest first: by creation time, then by name (the name carries a UTC timestamp). */
export function sortNewestFirst(asgs: AutoScalingGroup[]): AutoScalingGroup[] {
  const time = (a: AutoScalingGroup) => (a.CreatedTime ? new Date(a.CreatedTime).getTime() : 0);
  return [...asgs].sort((a, b) => time(b) - time(a) || (b.AutoScalingGroupName ?? '').localeCompare(a.AutoScalingGroupName ?? ''));
}

/** AWS sets this Status on an ASG that DeleteAutoScalingGroup is taking away. */
export const isDeleting = (asg: AutoScalingGroup) => /delete/i.test(asg.Status ?? '');

/**
 * Every ASG tagged `group=G` (one group or several), newest first (filtered server-side, checked again here).
 * ASGs being deleted are left out unless `includeDeleting` (status shows them).
 */
export async function listGroupAsgs(
  autoscaling: AutoScalingClient,
  group: string | readonly string[],
  options: CallOptions & { includeDeleting?: boolean | undefined } = {},
): Promise<AutoScalingGroup[]> {
  const includeDeleting = options.includeDeleting ?? false;
  const groups = typeof group === 'string' ? [group] : [...group];
  const found: AutoScalingGroup[] = [];
  const pages = paginateDescribeAutoScalingGroups(
    { client: autoscaling, pageSize: 100 },
    { Filters: [{ Name: 'tag:group', Values: groups }] },
    sendOptions(options.signal),
  );
  for await (const page of pages) {
    options.signal?.throwIfAborted();
    for (const asg of page.AutoScalingGroups ?? []) {
      if (groups.includes(tagOf(asg, 'group') ?? '') && (includeDeleting || !isDeleting(asg))) found.push(asg);
    }
  }
  return sortNewestFirst(found);
}

/** One ASG by name, or undefined when it is gone. */
export async function describeAsg(autoscaling: AutoScalingClient, name: string, options: CallOptions = {}): Promise<AutoScalingGroup | undefined> {
  const out = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }), sendOptions(options.signal));
  return out.AutoScalingGroups?.find((a) => a.AutoScalingGroupName === name);
}

/** The CreateAutoScalingGroup input: pinned template version, capacity, health check, placement, tags. */
export function createAsgInput(name: string, settings: AsgSettings, template: LaunchTemplateRef, merged: GroupConfig): CreateAutoScalingGroupCommandInput {
  const extra = Object.entries(merged.tags ?? {}).filter(([key]) => key !== 'group' && key !== 'Name');
  const tags = [...extra, ['group', settings.group], ['Name', settings.group]].map(([Key, Value]) => ({
    Key,
    Value,
    PropagateAtLaunch: true,
  }));
  return {
    AutoScalingGroupName: name,
    LaunchTemplate: { LaunchTemplateId: template.id, Version: String(template.version) },
    MinSize: settings.min,
    MaxSize: settings.max,
    DesiredCapacity: settings.desired,
    HealthCheckType: settings.healthCheckType,
    HealthCheckGracePeriod: settings.healthCheckGrace,
    ...(settings.subnets ? { VPCZoneIdentifier: settings.subnets.join(',') } : {}),
    ...(settings.zones ? { AvailabilityZones: settings.zones } : {}),
    ...(settings.targetGroupArns.length > 0 ? { TargetGroupARNs: settings.targetGroupArns } : {}),
    Tags: tags,
  };
}

/** Creates the ASG; an existing name (two runs within one second) is an error that says so. */
export async function createAsg(autoscaling: AutoScalingClient, input: CreateAutoScalingGroupCommandInput, options: CallOptions = {}): Promise<void> {
  try {
    await autoscaling.send(new CreateAutoScalingGroupCommand(input), sendOptions(options.signal));
  } catch (error) {
    if (/AlreadyExists/i.test(awsErrorCode(error) ?? '')) {
      throw new HangarError('autoscale.exists', `an ASG named ${input.AutoScalingGroupName} already exists`, {
        cause: error,
        hint: 'ASG names carry the time to the second: two runs within one second collide; run it again',
      });
    }
    throw error;
  }
}

/** Sets min/desired (and max when given) of an ASG. */
export async function scaleAsg(
  autoscaling: AutoScalingClient,
  name: string,
  capacity: { desired: number; min?: number | undefined; max?: number | undefined },
  options: CallOptions = {},
): Promise<void> {
  const { desired, min = desired, max } = capacity;
  await autoscaling.send(
    new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      MinSize: min,
      DesiredCapacity: desired,
      ...(max === undefined ? {} : { MaxSize: max }),
    }),
    sendOptions(options.signal),
  );
}

/** Deletes an ASG; `force` terminates its instances with it (one call: never left half-deleted). */
export async function deleteAsg(autoscaling: AutoScalingClient, name: string, force: boolean, options: CallOptions = {}): Promise<void> {
  try {
    await autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: force }), sendOptions(options.signal));
  } catch (error) {
    // Already gone is what we wanted.
    if (/NotFound|ValidationError/i.test(awsErrorCode(error) ?? '') && /not found|does not exist/i.test((error as Error).message)) return;
    throw error;
  }
}

/** `id:version` of the ASG's launch template, for status; undefined when it has none. */
export function templateOf(asg: AutoScalingGroup): { id: string; name: string; version: string } | undefined {
  const lt = asg.LaunchTemplate ?? asg.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (!lt?.LaunchTemplateId && !lt?.LaunchTemplateName) return undefined;
  return { id: lt.LaunchTemplateId ?? '', name: lt.LaunchTemplateName ?? '', version: lt.Version ?? '$Default' };
}
