// fleet:status: per group its newest AMI, its ASGs and its instances; three filtered calls per region.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { AwsTarget } from '../aws/target.js';
import { listGroupAsgs } from '../aws/asg.js';
import { autoScalingClients } from '../aws/clients.js';
import { withAwsErrors } from '../aws/errors.js';
import { formatTable } from '../format/table.js';
import { listGroupImages, newestByGroup } from '../aws/images.js';
import { formatAgeOf } from '../format/time.js';
import { LIVE_STATES, listInstances, tagsOf } from '../aws/instances.js';

export interface GroupStatus {
  region: string;
  image: { id: string; name: string; createdAt: string; age: string } | null;
  /** AMIs of the group (any state). */
  images: number;
  asgs: { name: string; desired: number; min: number; max: number; healthy: number; instances: number }[];
  instances: { running: number; pending: number; stopped: number; total: number };
}

export type FleetStatus = Record<string, GroupStatus>;

function emptyStatus(region: string): GroupStatus {
  return { region, image: null, images: 0, asgs: [], instances: { running: 0, pending: 0, stopped: 0, total: 0 } };
}

/** ASGs of `groups` (tag `group`), deleting ones included, in one filtered DescribeAutoScalingGroups. */
async function groupAsgs(aws: AwsTarget, region: string, groups: readonly string[], signal?: AbortSignal): Promise<AutoScalingGroup[]> {
  const { autoscaling, endpoint } = await autoScalingClients(aws, region);
  return withAwsErrors(() => listGroupAsgs(autoscaling, groups, { signal, includeDeleting: true }), { call: 'DescribeAutoScalingGroups', region, endpoint });
}

/** The status of each group in one region (its three listings run in parallel). */
export async function regionStatus(aws: AwsTarget, region: string, groups: readonly string[], signal?: AbortSignal, now = Date.now()): Promise<FleetStatus> {
  const [images, asgs, instances] = await Promise.all([
    listGroupImages(aws, region, groups, signal),
    groupAsgs(aws, region, groups, signal),
    listInstances(aws, region, { groups, states: LIVE_STATES, signal }),
  ]);
  const status: FleetStatus = Object.fromEntries(groups.map((g) => [g, emptyStatus(region)]));
  const newest = newestByGroup(images);
  for (const image of images) if (status[image.group]) status[image.group]!.images++;
  for (const [group, image] of newest) {
    if (status[group]) status[group]!.image = { id: image.id, name: image.name, createdAt: image.creationDate, age: formatAgeOf(image.creationDate, now) };
  }
  for (const asg of asgs) {
    const group = tagsOf(asg.Tags).group;
    if (!group || !status[group]) continue;
    const members = asg.Instances ?? [];
    status[group]!.asgs.push({
      name: asg.AutoScalingGroupName ?? '',
      desired: asg.DesiredCapacity ?? 0,
      min: asg.MinSize ?? 0,
      max: asg.MaxSize ?? 0,
      healthy: members.filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy').length,
      instances: members.length,
    });
  }
  for (const instance of instances) {
    const counts = status[instance.group]?.instances;
    if (!counts) continue;
    counts.total++;
    if (instance.state === 'running') counts.running++;
    else if (instance.state === 'pending') counts.pending++;
    else if (instance.state === 'stopped') counts.stopped++;
  }
  for (const s of Object.values(status)) s.asgs.sort((a, b) => a.name.localeCompare(b.name));
  return status;
}

/** The status of every group, one region at a time in parallel. */
export async function fleetStatus(aws: AwsTarget, byRegion: Map<string, string[]>, signal?: AbortSignal): Promise<FleetStatus> {
  const parts = await Promise.all([...byRegion].map(([region, groups]) => regionStatus(aws, region, groups, signal)));
  return Object.assign({}, ...parts) as FleetStatus;
}

/** The readable table: one line per group (and per extra ASG). */
export function formatFleetStatus(status: FleetStatus, order: readonly string[]): string {
  const rows: (string | number | undefined)[][] = [];
  for (const group of order) {
    const s = status[group];
    if (!s) continue;
    const asgs = s.asgs.length ? s.asgs : [undefined];
    asgs.forEach((asg, i) => {
      rows.push([
        i === 0 ? group : '',
        i === 0 ? s.region : '',
        i === 0 ? (s.image ? `${s.image.id} (${s.image.age})` : 'none') : '',
        asg ? asg.name : i === 0 ? 'none' : '',
        asg ? `${asg.healthy}/${asg.desired}` : undefined,
        i === 0 ? `${s.instances.running}/${s.instances.total}` : '',
      ]);
    });
  }
  return formatTable(['GROUP', 'REGION', 'NEWEST AMI', 'ASG', 'HEALTHY/DESIRED', 'RUNNING/LIVE'], rows);
}
