// One group in detail (read only): its ASGs with template version, AMI and scaling policies, its instances, its AMIs and what uses each.
import type { AutoScalingClient, AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { AwsTarget } from '../aws/target.js';
import { listGroupAsgs } from '../aws/asg.js';
import { awsClients } from '../aws/clients.js';
import { withAwsErrors } from '../aws/errors.js';
import { type ImageRecord, listGroupImages } from '../aws/images.js';
import { LIVE_STATES, listInstances } from '../aws/instances.js';
import { launchTemplateImages } from '../aws/launch-templates.js';
import { describePolicies, describePolicyLine } from '../aws/scaling-policies.js';
import { messageOf } from '../errors.js';
import { findImagesInUse, referencesOf, type UsageProblem } from '../images/usage.js';

export interface GroupDetailAsg {
  name: string;
  desired: number;
  min: number;
  max: number;
  /** The launch template version the ASG pins (`lt-0abc:3`), or its launch configuration. */
  template: string | null;
  /** The AMI of that version, when it could be read. */
  imageId: string | null;
  healthy: number;
  instances: number;
  /** Its scaling policies, one line each (`hangar-web-cpu: ASGAverageCPUUtilization at 50`); empty when unreadable (then a problem says so). */
  policies: string[];
}

export interface GroupDetailInstance {
  id: string;
  name: string;
  state: string;
  /** `Healthy`/`Unhealthy` and the lifecycle state for ASG members (`Healthy InService`); null for one-off instances. */
  health: string | null;
  zone: string | null;
  imageId: string | null;
  /** The ASG it belongs to, if any. */
  asg: string | null;
}

export interface GroupDetailImage {
  id: string;
  name: string;
  state: string;
  created: string;
  /** The AMI's `hangar:config` tag (null when untagged). */
  configHash: string | null;
  /** Whether that tag is the hash of the group's current merged config. */
  matches: boolean;
  /** Why it is in use: the reasons packer:clean gives for sparing an AMI. */
  uses: string[];
}

export interface GroupDetail {
  group: string;
  region: string;
  configHash: string;
  asgs: GroupDetailAsg[];
  instances: GroupDetailInstance[];
  images: GroupDetailImage[];
  /** What could not be read (a launch template's versions, an ASG's scaling policies): named, never silent. */
  problems: string[];
}

/** The launch template reference of an ASG as `id:version`, with its id and version apart. */
function pinnedTemplate(asg: AutoScalingGroup): { label: string | null; id?: string; version?: string } {
  const ref = referencesOf(asg).templates[0];
  if (ref) return { label: `${ref.name ?? ref.id ?? '?'}:${ref.version ?? '$Default'}`, ...(ref.id ? { id: ref.id } : {}), version: ref.version ?? '$Default' };
  const configuration = asg.LaunchConfigurationName;
  return { label: configuration ? `lc ${configuration}` : null };
}

/** Each ASG's policy lines (one DescribePolicies per ASG: a group has one or two); an unreadable one is a named problem, not a failure. */
async function readPolicies(
  autoscaling: AutoScalingClient,
  names: readonly string[],
  context: { region: string; endpoint?: string | undefined; signal?: AbortSignal | undefined },
  problems: string[],
): Promise<string[][]> {
  const { signal, ...where } = context;
  return Promise.all(
    names.map(async (name) => {
      try {
        const policies = await withAwsErrors(() => describePolicies(autoscaling, name, { signal }), { call: 'DescribePolicies', ...where });
        return policies.map(describePolicyLine);
      } catch (error) {
        if (signal?.aborted) throw error;
        problems.push(`scaling policies of ASG ${name}: ${messageOf(error)}`);
        return [];
      }
    }),
  );
}

function toImage(image: ImageRecord, configHash: string, uses: readonly string[]): GroupDetailImage {
  return {
    id: image.id,
    name: image.name,
    state: image.state,
    created: image.creationDate,
    configHash: image.configHash ?? null,
    matches: image.configHash === configHash,
    uses: [...uses],
  };
}

/** Reads the group's ASGs, live instances and AMIs, and the region's AMI usage (one bounded set of describe calls). */
export async function readGroupDetail(
  aws: AwsTarget,
  target: { group: string; region: string; configHash: string },
  signal?: AbortSignal,
): Promise<GroupDetail> {
  const { group, region, configHash } = target;
  const { autoscaling, ec2, endpoint } = await awsClients(aws, region);
  const [images, asgs, instances] = await Promise.all([
    listGroupImages(aws, region, [group], signal),
    withAwsErrors(() => listGroupAsgs(autoscaling, group, { signal }), { call: 'DescribeAutoScalingGroups', region, endpoint }),
    listInstances(aws, region, { groups: [group], states: LIVE_STATES, signal }),
  ]);
  const problems: UsageProblem[] = [];
  const usage = images.length > 0 ? await findImagesInUse(aws, region, signal, 8, problems) : new Map<string, string[]>();
  const pinned = asgs.map(pinnedTemplate);
  const refs = pinned.flatMap((p) => (p.id && p.version && /^\d+$/.test(p.version) ? [{ id: p.id, version: p.version }] : []));
  const policyProblems: string[] = [];
  const [templateImages, policies] = await Promise.all([
    refs.length > 0 ? launchTemplateImages(ec2, refs, { signal }) : new Map<string, string>(),
    readPolicies(
      autoscaling,
      asgs.map((asg) => asg.AutoScalingGroupName ?? ''),
      { region, endpoint, signal },
      policyProblems,
    ),
  ]);
  const members = new Map<string, { asg: string; health: string }>();
  for (const asg of asgs) {
    for (const member of asg.Instances ?? []) {
      if (member.InstanceId)
        members.set(member.InstanceId, { asg: asg.AutoScalingGroupName ?? '', health: `${member.HealthStatus ?? '?'} ${member.LifecycleState ?? '?'}` });
    }
  }
  return {
    group,
    region,
    configHash,
    asgs: asgs.map((asg, i) => {
      const p = pinned[i]!;
      const list = asg.Instances ?? [];
      return {
        name: asg.AutoScalingGroupName ?? '',
        desired: asg.DesiredCapacity ?? 0,
        min: asg.MinSize ?? 0,
        max: asg.MaxSize ?? 0,
        template: p.label,
        imageId: p.id && p.version ? (templateImages.get(`${p.id}:${p.version}`) ?? null) : null,
        healthy: list.filter((m) => m.LifecycleState === 'InService' && m.HealthStatus === 'Healthy').length,
        instances: list.length,
        policies: policies[i] ?? [],
      };
    }),
    instances: instances.map((instance) => {
      const member = members.get(instance.id);
      return {
        id: instance.id,
        name: instance.name,
        state: instance.state,
        health: member?.health ?? null,
        zone: instance.zone ?? null,
        imageId: instance.imageId ?? null,
        asg: member?.asg ?? (instance.tags['aws:autoscaling:groupName'] || null),
      };
    }),
    images: images.map((image) => toImage(image, configHash, usage.get(image.id) ?? [])),
    problems: [...problems.map((p) => `launch template ${p.template}${p.group ? ` (group ${p.group})` : ''}: ${p.error}`), ...policyProblems],
  };
}

/** The readable form for the CLI: one block per part. */
export function formatGroupDetail(detail: GroupDetail): string {
  const lines = [`${detail.group} (${detail.region}), config ${detail.configHash}`, '', 'ASGs:'];
  if (detail.asgs.length === 0) lines.push('  none');
  for (const a of detail.asgs) {
    lines.push(`  ${a.name}  ${a.desired}/${a.min}/${a.max}  ${a.template ?? '-'}  ${a.imageId ?? '-'}  healthy ${a.healthy}/${a.instances}`);
    for (const policy of a.policies) lines.push(`    policy ${policy}`);
  }
  lines.push('', 'Instances:');
  if (detail.instances.length === 0) lines.push('  none');
  for (const i of detail.instances) lines.push(`  ${i.id}  ${i.name || '-'}  ${i.state}  ${i.health ?? '-'}  ${i.zone ?? '-'}  ${i.imageId ?? '-'}`);
  lines.push('', 'AMIs:');
  if (detail.images.length === 0) lines.push('  none');
  for (const m of detail.images) {
    lines.push(`  ${m.id}  ${m.created}  config ${m.matches ? 'current' : (m.configHash ?? 'untagged')}  ${m.uses.length ? m.uses.join('; ') : 'unused'}`);
  }
  for (const p of detail.problems) lines.push(`warning: ${p}`);
  return lines.join('\n');
}
