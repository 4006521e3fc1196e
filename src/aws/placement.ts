// What a one-off instance's placement is chosen from: available zones, subnets, security group ids (EC2 calls).
import type { EC2Client } from '@aws-sdk/client-ec2';
import { sendOptions } from './clients.js';
import { HangarError } from '../errors.js';
import { pluralize } from '../format/plural.js';

/** Where an instance goes: what RunInstances and the security group lookup need. */
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

/** The available zones of the client's region. */
export async function availableZones(ec2: EC2Client, signal?: AbortSignal): Promise<string[]> {
  const { DescribeAvailabilityZonesCommand } = await import('./sdk-ec2.js');
  const out = await ec2.send(new DescribeAvailabilityZonesCommand({ Filters: [{ Name: 'state', Values: ['available'] }] }), sendOptions(signal));
  return (out.AvailabilityZones ?? [])
    .map((z) => z.ZoneName)
    .filter((z): z is string => Boolean(z))
    .sort();
}

export async function describeSubnets(ec2: EC2Client, ids: readonly string[], signal?: AbortSignal): Promise<SubnetInfo[]> {
  if (ids.length === 0) return [];
  const { DescribeSubnetsCommand } = await import('./sdk-ec2.js');
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
  const { paginateDescribeSecurityGroups } = await import('./sdk-ec2.js');
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
    throw new HangarError(
      'instance.security-group',
      `${pluralize(missing.length, 'security group')} ${missing.join(', ')} not found in ${placement.vpcId ?? "the subnet's VPC"}`,
      {
        hint: 'create them, or use sg- ids in "security_groups"',
      },
    );
  }
  return { SecurityGroupIds: [...ids, ...names.map((n) => found.get(n)!)] };
}
