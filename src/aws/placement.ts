// Where a one-off instance goes: its zone (given or random among the available ones), its subnet, its security groups.
import type { EC2Client } from '@aws-sdk/client-ec2';
import { sendOptions } from './clients.js';
import type { GroupConfig } from '../config/index.js';
import { HangarError, usageError } from '../errors.js';

export interface Placement {
  zone: string;
  subnetId: string | undefined;
  vpcId: string | undefined;
}

export interface SubnetInfo {
  id: string;
  zone: string;
  vpcId: string | undefined;
}

/** Picks one element at random (injectable for tests). */
export type Pick = <T>(items: readonly T[]) => T;
export const pickRandom: Pick = (items) => items[Math.floor(Math.random() * items.length)]!;

/**
 * Decides the zone and subnet from what the region offers:
 * - with `subnets`: a subnet in `zone` (when given) or a random subnet in an available zone;
 * - else a given zone must be available; otherwise random among `availability_zones` (or every available zone).
 */
export function choosePlacement(
  merged: GroupConfig,
  available: readonly string[],
  subnets: readonly SubnetInfo[],
  zone: string | undefined,
  pick: Pick = pickRandom,
): Placement {
  if (zone && !available.includes(zone)) {
    throw usageError('instance.zone', `zone ${zone} is not available in ${merged.region}`, { hint: `available: ${available.join(', ') || 'none'}` });
  }
  if (merged.subnets?.length) {
    const candidates = subnets.filter((s) => (zone ? s.zone === zone : available.includes(s.zone)));
    if (candidates.length === 0) {
      throw usageError('instance.zone', zone ? `none of the group's subnets is in ${zone}` : "none of the group's subnets is in an available zone", {
        hint: `the subnets are in: ${[...new Set(subnets.map((s) => s.zone))].join(', ') || 'unknown zones'}`,
      });
    }
    const subnet = pick(candidates);
    return { zone: subnet.zone, subnetId: subnet.id, vpcId: subnet.vpcId };
  }
  if (zone) return { zone, subnetId: undefined, vpcId: undefined };
  const wanted = merged.availability_zones?.length ? merged.availability_zones.filter((z) => available.includes(z)) : [...available];
  if (wanted.length === 0) {
    throw new HangarError(
      'instance.zone',
      `no available zone in ${merged.region}${merged.availability_zones?.length ? ` among ${merged.availability_zones.join(', ')}` : ''}`,
      {
        hint: 'pass --zone, or fix "availability_zones" in nodes.json',
      },
    );
  }
  return { zone: pick(wanted), subnetId: undefined, vpcId: undefined };
}

/** The available zones of the client's region. */
export async function availableZones(ec2: EC2Client, signal?: AbortSignal): Promise<string[]> {
  const { DescribeAvailabilityZonesCommand } = await import('@aws-sdk/client-ec2');
  const out = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }), sendOptions(signal));
  return (out.AvailabilityZones ?? [])
    .map((z) => z.ZoneName)
    .filter((z): z is string => Boolean(z))
    .sort();
}

export async function describeSubnets(ec2: EC2Client, ids: readonly string[], signal?: AbortSignal): Promise<SubnetInfo[]> {
  if (ids.length === 0) return [];
  const { DescribeSubnetsCommand } = await import('@aws-sdk/client-ec2');
  const out = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...ids] }), sendOptions(signal));
  return (out.Subnets ?? []).map((s) => ({ id: s.SubnetId ?? '', zone: s.AvailabilityZone ?? '', vpcId: s.VpcId }));
}

/**
 * RunInstances' security group fields: `sg-` ids as ids; names as names in the default VPC,
 * or resolved to ids in the subnet's VPC (names are not accepted there).
 */
export async function securityGroupParams(
  ec2: EC2Client,
  groups: readonly string[],
  placement: Placement,
  signal?: AbortSignal,
): Promise<{ SecurityGroupIds?: string[]; SecurityGroups?: string[] }> {
  const ids = groups.filter((g) => g.startsWith('sg-'));
  const names = groups.filter((g) => !g.startsWith('sg-'));
  if (names.length === 0) return ids.length ? { SecurityGroupIds: ids } : {};
  if (!placement.subnetId) return { ...(ids.length ? { SecurityGroupIds: ids } : {}), SecurityGroups: names };
  const { paginateDescribeSecurityGroups } = await import('@aws-sdk/client-ec2');
  const found = new Map<string, string>();
  const pages = paginateDescribeSecurityGroups(
    { client: ec2 },
    { Filters: [{ Name: 'group-name', Values: names }, ...(placement.vpcId ? [{ Name: 'vpc-id', Values: [placement.vpcId] }] : [])] },
    sendOptions(signal),
  );
  for await (const page of pages) {
    signal?.throwIfAborted();
    for (const g of page.SecurityGroups ?? []) found.set(g.GroupName ?? '', g.GroupId ?? '');
  }
  const missing = names.filter((n) => !found.get(n));
  if (missing.length) {
    throw new HangarError('instance.security-group', `security group(s) ${missing.join(', ')} not found in ${placement.vpcId ?? "the subnet's VPC"}`, {
      hint: 'create them, or use sg- ids in "security_groups"',
    });
  }
  return { SecurityGroupIds: [...ids, ...names.map((n) => found.get(n)!)] };
}
