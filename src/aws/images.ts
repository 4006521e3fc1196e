// AMIs of node groups (Owners self, tag `group`), paginated, newest first.
import type { Image } from '@aws-sdk/client-ec2';
import type { AwsTarget } from './target.js';
import { ec2Clients, sendOptions } from './clients.js';
import { withAwsErrors } from './errors.js';
import { tagsOf } from './instances.js';

export interface ImageRecord {
  id: string;
  name: string;
  /** The `group` tag. */
  group: string;
  /** available, pending, failed, ... */
  state: string;
  /** ISO 8601. */
  creationDate: string;
  /** EBS snapshots behind the image (deleted with it). */
  snapshotIds: string[];
  /** `hangar:config`: the hash of the merged group config it was built from. */
  configHash: string | undefined;
  region: string;
  tags: Record<string, string>;
}

export function toImageRecord(image: Image, region: string): ImageRecord {
  const tags = tagsOf(image.Tags);
  return {
    id: image.ImageId ?? '',
    name: image.Name ?? '',
    group: tags.group ?? '',
    state: image.State ?? 'unknown',
    creationDate: image.CreationDate ? new Date(image.CreationDate).toISOString() : '',
    snapshotIds: (image.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId).filter((id): id is string => Boolean(id)),
    configHash: tags['hangar:config'],
    region,
    tags,
  };
}

/** Newest first (creation date, then id for a stable order). */
export function byNewest(a: ImageRecord, b: ImageRecord): number {
  return b.creationDate.localeCompare(a.creationDate) || b.id.localeCompare(a.id);
}

/** Images owned by this account tagged `group` with one of `groups`, in `region`, newest first. */
export async function listGroupImages(aws: AwsTarget, region: string, groups: readonly string[], signal?: AbortSignal): Promise<ImageRecord[]> {
  if (groups.length === 0) return [];
  const { ec2, endpoint } = await ec2Clients(aws, region);
  const { paginateDescribeImages } = await import('./sdk-ec2.js');
  const images: ImageRecord[] = [];
  await withAwsErrors(
    async () => {
      for (let i = 0; i < groups.length; i += 200) {
        const pages = paginateDescribeImages(
          { client: ec2, pageSize: 1000 },
          { Owners: ['self'], Filters: [{ Name: 'tag:group', Values: groups.slice(i, i + 200) }] },
          sendOptions(signal),
        );
        for await (const page of pages) {
          signal?.throwIfAborted();
          for (const image of page.Images ?? []) images.push(toImageRecord(image, region));
        }
      }
    },
    { call: 'DescribeImages', region, endpoint },
  );
  return images.sort(byNewest);
}

/** The newest available image of each group. */
export function newestByGroup(images: readonly ImageRecord[]): Map<string, ImageRecord> {
  const out = new Map<string, ImageRecord>();
  for (const image of [...images].sort(byNewest)) {
    if (image.state !== 'available' && image.state !== 'unknown') continue;
    if (!out.has(image.group)) out.set(image.group, image);
  }
  return out;
}
