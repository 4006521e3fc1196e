// EC2 tag calls on any taggable sandbox resource: CreateTags, DeleteTags, DescribeTags.
import type * as EC2 from '@aws-sdk/client-ec2';
import { apiError } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { applyFilters } from '../filters.js';
import { paginate } from '../paginate.js';
import type { Tags } from '../state/types.js';

interface Taggable {
  id: string;
  type: string;
  tags: Tags;
}

/** Every taggable resource of the region, with its EC2 resource type. */
function taggables(ctx: RequestContext): Taggable[] {
  const { state, region } = ctx;
  const inRegion = <T extends { region: string }>(items: T[]) => items.filter((i) => i.region === region);
  state.volumeTags ??= {};
  const volumeTags = state.volumeTags;
  return [
    ...inRegion(state.instances).map((r) => ({ id: r.id, type: 'instance', tags: r.tags })),
    ...inRegion(state.instances)
      .filter((r) => r.state !== 'terminated')
      .map((r) => {
        volumeTags[r.volumeId] ??= {};
        return { id: r.volumeId, type: 'volume', tags: volumeTags[r.volumeId]! };
      }),
    ...inRegion(state.images).map((r) => ({ id: r.id, type: 'image', tags: r.tags })),
    ...inRegion(state.snapshots).map((r) => ({ id: r.id, type: 'snapshot', tags: r.tags })),
    ...inRegion(state.securityGroups).map((r) => ({ id: r.id, type: 'security-group', tags: r.tags })),
    ...inRegion(state.keyPairs).map((r) => ({ id: r.id, type: 'key-pair', tags: r.tags })),
    ...inRegion(state.vpcs).map((r) => ({ id: r.id, type: 'vpc', tags: r.tags })),
    ...inRegion(state.subnets).map((r) => ({ id: r.id, type: 'subnet', tags: r.tags })),
    ...inRegion(state.launchTemplates).map((r) => ({ id: r.id, type: 'launch-template', tags: r.tags })),
  ];
}

const NOT_FOUND: Record<string, string> = {
  i: 'InvalidInstanceID.NotFound',
  ami: 'InvalidAMIID.NotFound',
  snap: 'InvalidSnapshot.NotFound',
  sg: 'InvalidGroup.NotFound',
  vol: 'InvalidVolume.NotFound',
  vpc: 'InvalidVpcID.NotFound',
  subnet: 'InvalidSubnetID.NotFound',
  lt: 'InvalidLaunchTemplateId.NotFound',
  key: 'InvalidKeyPair.NotFound',
};

function resourcesOf(ctx: RequestContext, ids: string[] | undefined): Taggable[] {
  const all = taggables(ctx);
  return (ids ?? []).map((id) => {
    const found = all.find((t) => t.id === id);
    if (!found) {
      const code = NOT_FOUND[id.split('-')[0] ?? ''] ?? 'InvalidID';
      throw apiError(code, `The ID '${id}' is not valid or does not exist`);
    }
    return found;
  });
}

export const tagHandlers: HandlerTable = {
  CreateTags: handler<EC2.CreateTagsRequest, object>((ctx, input) => {
    const resources = resourcesOf(ctx, input.Resources);
    for (const resource of resources) for (const tag of input.Tags ?? []) if (tag.Key) resource.tags[tag.Key] = tag.Value ?? '';
    return {};
  }),

  DeleteTags: handler<EC2.DeleteTagsRequest, object>((ctx, input) => {
    const resources = resourcesOf(ctx, input.Resources);
    for (const resource of resources) {
      for (const tag of input.Tags ?? []) {
        if (!tag.Key) continue;
        // With a value, only a tag of that value goes; without, the key goes whatever its value.
        if (tag.Value === undefined || resource.tags[tag.Key] === tag.Value) delete resource.tags[tag.Key];
      }
    }
    return {};
  }),

  DescribeTags: handler<EC2.DescribeTagsRequest, EC2.DescribeTagsResult>((ctx, input) => {
    const rows = taggables(ctx).flatMap((r) =>
      Object.entries(r.tags).map(([Key, Value]) => ({ ResourceId: r.id, ResourceType: r.type as EC2.ResourceType, Key, Value })),
    );
    const filtered = applyFilters(rows, input.Filters, (row, name) => {
      if (name === 'resource-id') return [row.ResourceId];
      if (name === 'resource-type') return [row.ResourceType];
      if (name === 'key' || name === 'tag-key') return [row.Key];
      if (name === 'value') return [row.Value];
      if (name.startsWith('tag:')) return name.slice(4) === row.Key ? [row.Value] : [];
      return undefined;
    });
    const page = paginate(filtered, input.MaxResults, input.NextToken);
    return { Tags: page.items, NextToken: page.nextToken };
  }),
};
