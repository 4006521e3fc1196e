// autoscale:status: the ASGs of a group with capacity, template version, AMI, and each instance's state and health.
import type { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { describeInstanceStatuses } from '../aws/asg-health.js';
import { isDeleting, listGroupAsgs, templateOf } from '../aws/asg.js';
import { type CallOptions, launchTemplateImages } from '../aws/launch-templates.js';
import { describePolicies, describePolicyLine } from '../aws/scaling-policies.js';
import { formatTable } from '../format/table.js';

export interface InstanceStatusRow {
  id: string;
  lifecycle: string;
  health: string;
  zone: string;
  /** EC2 state and status checks, e.g. `running ok/ok`. */
  ec2: string;
  templateVersion: string;
}

export interface AsgStatusRow {
  name: string;
  status: string | undefined;
  desired: number;
  min: number;
  max: number;
  createdAt: string | undefined;
  launchTemplate: string | undefined;
  templateVersion: string | undefined;
  ami: string | undefined;
  /** Its scaling policies, one line each (`hangar-G-cpu: ASGAverageCPUUtilization at 50`). */
  policies?: string[] | undefined;
  instances: InstanceStatusRow[];
}

/** Reads the group's ASGs, their template versions' AMIs and their instances' EC2 status. */
export async function readGroupStatus(ec2: EC2Client, autoscaling: AutoScalingClient, group: string, options: CallOptions = {}): Promise<AsgStatusRow[]> {
  const asgs = await listGroupAsgs(autoscaling, group, { includeDeleting: true, signal: options.signal });
  const refs = asgs.map(templateOf).filter((t) => t?.id && /^\d+$/.test(t.version)) as { id: string; version: string }[];
  const ids = asgs.flatMap((a) => (a.Instances ?? []).map((i) => i.InstanceId ?? '')).filter(Boolean);
  const [images, statuses, policies] = await Promise.all([
    launchTemplateImages(ec2, refs, options),
    describeInstanceStatuses(ec2, ids, options),
    // A group being deleted takes its policies with it: none to read.
    Promise.all(asgs.map((a) => (isDeleting(a) ? Promise.resolve([]) : describePolicies(autoscaling, a.AutoScalingGroupName ?? '', options)))),
  ]);
  const ec2ById = new Map(
    statuses.map((s) => [
      s.InstanceId ?? '',
      s.InstanceState?.Name === 'running' ? `running ${s.InstanceStatus?.Status ?? '?'}/${s.SystemStatus?.Status ?? '?'}` : (s.InstanceState?.Name ?? '?'),
    ]),
  );
  return asgs.map((asg, n) => {
    const t = templateOf(asg);
    return {
      name: asg.AutoScalingGroupName ?? '',
      status: asg.Status,
      desired: asg.DesiredCapacity ?? 0,
      min: asg.MinSize ?? 0,
      max: asg.MaxSize ?? 0,
      createdAt: asg.CreatedTime ? new Date(asg.CreatedTime).toISOString() : undefined,
      launchTemplate: t ? t.name || t.id : undefined,
      templateVersion: t?.version,
      ami: t ? images.get(`${t.id}:${t.version}`) : undefined,
      policies: (policies[n] ?? []).map(describePolicyLine),
      instances: (asg.Instances ?? []).map((i) => ({
        id: i.InstanceId ?? '',
        lifecycle: i.LifecycleState ?? '?',
        health: i.HealthStatus ?? '?',
        zone: i.AvailabilityZone ?? '',
        ec2: ec2ById.get(i.InstanceId ?? '') ?? 'pending',
        templateVersion: i.LaunchTemplate?.Version ?? '',
      })),
    };
  });
}

/** The status as people read it: one block per ASG, an instance table under it. */
export function formatGroupStatus(group: string, rows: readonly AsgStatusRow[]): string {
  if (rows.length === 0) return `${group}: no ASG (create one with: hangar autoscale:run ${group})`;
  const lines: string[] = [];
  for (const asg of rows) {
    const inService = asg.instances.filter((i) => i.lifecycle === 'InService' && i.health === 'Healthy').length;
    lines.push(
      `${asg.name}${asg.status ? ` [${asg.status}]` : ''}  desired ${asg.desired} (min ${asg.min}, max ${asg.max})  ${inService}/${asg.desired} healthy in service`,
      `  launch template ${asg.launchTemplate ?? '-'} v${asg.templateVersion ?? '-'}  AMI ${asg.ami ?? 'unknown'}${asg.createdAt ? `  created ${asg.createdAt}` : ''}`,
    );
    for (const policy of asg.policies ?? []) lines.push(`  scaling policy ${policy}`);
    if (asg.instances.length === 0) {
      lines.push('  no instances');
      continue;
    }
    const header = ['INSTANCE', 'LIFECYCLE', 'HEALTH', 'EC2', 'ZONE', 'VERSION'];
    const cells = asg.instances.map((i) => [i.id, i.lifecycle, i.health, i.ec2, i.zone, i.templateVersion || '-']);
    lines.push(
      ...formatTable(header, cells)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  return lines.join('\n');
}
