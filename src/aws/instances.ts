// List EC2 instances of node groups (tag `group`), paginated, as typed records.
import type { Instance } from '@aws-sdk/client-ec2';
import type { AwsTarget } from './target.js';
import { ec2Clients, sendOptions } from './clients.js';
import { withAwsErrors } from './errors.js';

export interface InstanceRecord {
  id: string;
  /** The `Name` tag ('' when unset). */
  name: string;
  /** The `group` tag ('' when unset). */
  group: string;
  /** pending, running, stopping, stopped, shutting-down, terminated. */
  state: string;
  privateIp: string | undefined;
  publicIp: string | undefined;
  zone: string | undefined;
  imageId: string | undefined;
  /** ISO 8601. */
  launchTime: string | undefined;
  keyName: string | undefined;
  instanceType: string | undefined;
  region: string;
  tags: Record<string, string>;
}

export interface ListInstancesQuery {
  /** Only instances tagged `group` with one of these values (all tagged or untagged instances when omitted). */
  groups?: readonly string[] | undefined;
  /** Only instances in one of these states (`instance-state-name`), e.g. ['pending', 'running']. */
  states?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

/** The states of an instance that still exists (everything but terminated). */
export const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] as const;

export function tagsOf(tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

export function toInstanceRecord(instance: Instance, region: string): InstanceRecord {
  const tags = tagsOf(instance.Tags);
  return {
    id: instance.InstanceId ?? '',
    name: tags.Name ?? '',
    group: tags.group ?? '',
    state: instance.State?.Name ?? 'unknown',
    privateIp: instance.PrivateIpAddress,
    publicIp: instance.PublicIpAddress,
    zone: instance.Placement?.AvailabilityZone,
    imageId: instance.ImageId,
    launchTime: instance.LaunchTime ? new Date(instance.LaunchTime).toISOString() : undefined,
    keyName: instance.KeyName,
    instanceType: instance.InstanceType,
    region,
    tags,
  };
}

/** EC2 filters for a query: tag:group and instance-state-name (batched: a filter takes at most 200 values). */
export function instanceFilters(query: ListInstancesQuery): { Name: string; Values: string[] }[] {
  const filters: { Name: string; Values: string[] }[] = [];
  if (query.groups) filters.push({ Name: 'tag:group', Values: [...query.groups] });
  if (query.states) filters.push({ Name: 'instance-state-name', Values: [...query.states] });
  return filters;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Instances of `region` matching the query, every page (DescribeInstances), sorted by group,
 * then launch time. An empty `groups` list gives no instances; AWS errors are explained.
 */
export async function listInstances(aws: AwsTarget, region: string, query: ListInstancesQuery = {}): Promise<InstanceRecord[]> {
  if (query.groups && query.groups.length === 0) return [];
  const { ec2, endpoint } = await ec2Clients(aws, region);
  const { paginateDescribeInstances } = await import('./sdk-ec2.js');
  const batches = query.groups ? chunk(query.groups, 200) : [undefined];
  const records: InstanceRecord[] = [];
  await withAwsErrors(
    async () => {
      for (const groups of batches) {
        const Filters = instanceFilters({ ...query, groups });
        const pages = paginateDescribeInstances({ client: ec2, pageSize: 1000 }, Filters.length ? { Filters } : {}, sendOptions(query.signal));
        for await (const page of pages) {
          query.signal?.throwIfAborted();
          for (const reservation of page.Reservations ?? []) {
            for (const instance of reservation.Instances ?? []) records.push(toInstanceRecord(instance, region));
          }
        }
      }
    },
    { call: 'DescribeInstances', region, endpoint },
  );
  return records.sort((a, b) => a.group.localeCompare(b.group) || (a.launchTime ?? '').localeCompare(b.launchTime ?? '') || a.id.localeCompare(b.id));
}

/** The regions of the given groups, each with its groups: one listing per region. */
export function groupsByRegion(regionOf: (group: string) => string | undefined, groups: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const group of groups) {
    const region = regionOf(group) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
    out.set(region, [...(out.get(region) ?? []), group]);
  }
  return out;
}
