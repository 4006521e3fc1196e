// EC2 image and snapshot calls: DescribeImages, RegisterImage, CreateImage, DeregisterImage, Modify/DescribeImageAttribute, DescribeSnapshots, DeleteSnapshot.
import type * as EC2 from '@aws-sdk/client-ec2';
import { apiError, invalidParameter, missingParameter } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { applyFilters, tagFields, tagList, tagsFromSpecifications } from '../filters.js';
import { newId } from '../ids.js';
import { paginate } from '../paginate.js';
import { findImage, findInstance } from '../state/lookup.js';
import type { BlockDevice, ImageRecord, SnapshotRecord } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';

function toImage(image: ImageRecord): EC2.Image {
  return {
    ImageId: image.id,
    ImageLocation: `${image.ownerId}/${image.name}`,
    State: image.state,
    OwnerId: image.ownerId,
    ImageOwnerAlias: image.ownerAlias,
    CreationDate: new Date(image.createdAt).toISOString(),
    Public: image.public,
    Architecture: image.architecture as EC2.Image['Architecture'],
    ImageType: 'machine',
    Name: image.name,
    Description: image.description,
    RootDeviceType: 'ebs',
    RootDeviceName: image.rootDeviceName,
    VirtualizationType: 'hvm',
    Hypervisor: 'xen',
    EnaSupport: true,
    BlockDeviceMappings: image.blockDevices.map((d) => ({
      DeviceName: d.deviceName,
      Ebs: {
        SnapshotId: d.snapshotId,
        VolumeSize: d.volumeSize,
        VolumeType: d.volumeType as 'gp2',
        DeleteOnTermination: d.deleteOnTermination,
        Encrypted: false,
      },
    })),
    Tags: Object.keys(image.tags).length > 0 ? tagList(image.tags) : undefined,
  };
}

function imageFields(image: ImageRecord, name: string): Array<string | undefined> | undefined {
  switch (name) {
    case 'image-id':
      return [image.id];
    case 'name':
      return [image.name];
    case 'state':
      return [image.state];
    case 'owner-id':
      return [image.ownerId];
    case 'owner-alias':
      return [image.ownerAlias];
    case 'architecture':
      return [image.architecture];
    case 'root-device-type':
      return ['ebs'];
    case 'virtualization-type':
      return ['hvm'];
    case 'image-type':
      return ['machine'];
    case 'is-public':
      return [String(image.public)];
    case 'description':
      return [image.description];
    case 'block-device-mapping.snapshot-id':
      return image.blockDevices.map((d) => d.snapshotId);
    default:
      return tagFields(image.tags, name);
  }
}

function ownedBy(image: ImageRecord, owners: string[]): boolean {
  return owners.some((owner) => (owner === 'self' ? image.ownerId === SANDBOX_ACCOUNT : owner === image.ownerId || owner === image.ownerAlias));
}

function createSnapshot(ctx: RequestContext, volumeId: string, size: number, description: string): SnapshotRecord {
  const snapshot: SnapshotRecord = {
    id: newId('snap'),
    region: ctx.region,
    volumeId,
    volumeSize: size,
    ownerId: SANDBOX_ACCOUNT,
    description,
    startedAt: ctx.clock.now,
    completedAt: ctx.clock.now + ctx.clock.delay('snapshot'),
    tags: {},
  };
  ctx.state.snapshots.push(snapshot);
  return snapshot;
}

function checkName(ctx: RequestContext, name: string | undefined): string {
  if (!name) throw missingParameter('Name');
  const taken = ctx.state.images.find((i) => i.region === ctx.region && i.name === name && i.ownerId === SANDBOX_ACCOUNT);
  if (taken) throw invalidParameter(`AMI name ${name} is already in use by AMI ${taken.id}`);
  return name;
}

function addImage(ctx: RequestContext, fields: Omit<ImageRecord, 'id' | 'region' | 'ownerId' | 'state' | 'createdAt' | 'availableAt' | 'public'>): ImageRecord {
  const image: ImageRecord = {
    id: newId('ami'),
    region: ctx.region,
    ownerId: SANDBOX_ACCOUNT,
    state: 'pending',
    createdAt: ctx.clock.now,
    availableAt: ctx.clock.now + ctx.clock.delay('image'),
    public: false,
    ...fields,
  };
  if (image.availableAt <= ctx.clock.now) image.state = 'available';
  ctx.state.images.push(image);
  return image;
}

export const imageHandlers: HandlerTable = {
  DescribeImages: handler<EC2.DescribeImagesRequest, EC2.DescribeImagesResult>((ctx, input) => {
    let images = ctx.state.images.filter((i) => i.region === ctx.region);
    if (input.ImageIds?.length) images = input.ImageIds.map((id) => findImage(ctx.state, ctx.region, id));
    if (input.Owners?.length) images = images.filter((i) => ownedBy(i, input.Owners!));
    images = applyFilters(images, input.Filters, imageFields);
    const page = paginate(images, input.MaxResults, input.NextToken);
    return { Images: page.items.map(toImage), NextToken: page.nextToken };
  }),

  CreateImage: handler<EC2.CreateImageRequest, EC2.CreateImageResult>((ctx, input) => {
    const instance = findInstance(ctx.state, ctx.region, input.InstanceId ?? '');
    if (instance.state !== 'running' && instance.state !== 'stopped' && instance.state !== 'stopping') {
      throw apiError('IncorrectInstanceState', `The instance '${instance.id}' is not in a state from which it can be imaged (${instance.state}).`);
    }
    const name = checkName(ctx, input.Name);
    const source = ctx.state.images.find((i) => i.id === instance.imageId && i.region === ctx.region);
    const size = source?.blockDevices[0]?.volumeSize ?? 8;
    const snapshot = createSnapshot(ctx, instance.volumeId, size, `Created by CreateImage(${instance.id}) for ami-pending from ${instance.volumeId}`);
    const image = addImage(ctx, {
      name,
      description: input.Description,
      architecture: source?.architecture ?? 'x86_64',
      rootDeviceName: source?.rootDeviceName ?? '/dev/sda1',
      blockDevices: [
        { deviceName: source?.rootDeviceName ?? '/dev/sda1', snapshotId: snapshot.id, volumeSize: size, volumeType: 'gp2', deleteOnTermination: true },
      ],
      sourceInstanceId: instance.id,
      tags: tagsFromSpecifications(input.TagSpecifications, 'image'),
    });
    snapshot.description = `Created by CreateImage(${instance.id}) for ${image.id} from ${instance.volumeId}`;
    snapshot.tags = tagsFromSpecifications(input.TagSpecifications, 'snapshot');
    return { ImageId: image.id };
  }),

  RegisterImage: handler<EC2.RegisterImageRequest, EC2.RegisterImageResult>((ctx, input) => {
    const name = checkName(ctx, input.Name);
    const rootDeviceName = input.RootDeviceName ?? '/dev/sda1';
    const blockDevices: BlockDevice[] = [];
    for (const mapping of input.BlockDeviceMappings ?? []) {
      const snapshotId = mapping.Ebs?.SnapshotId;
      if (!mapping.Ebs) continue;
      if (snapshotId && !ctx.state.snapshots.some((s) => s.id === snapshotId && s.region === ctx.region)) {
        throw apiError('InvalidSnapshot.NotFound', `The snapshot '${snapshotId}' does not exist.`);
      }
      const size = mapping.Ebs.VolumeSize ?? 8;
      const snapshot = snapshotId ?? createSnapshot(ctx, newId('vol'), size, `Created for RegisterImage ${name}`).id;
      blockDevices.push({
        deviceName: mapping.DeviceName ?? rootDeviceName,
        snapshotId: snapshot,
        volumeSize: size,
        volumeType: mapping.Ebs.VolumeType ?? 'gp2',
        deleteOnTermination: mapping.Ebs.DeleteOnTermination ?? true,
      });
    }
    if (blockDevices.length === 0) throw missingParameter('BlockDeviceMapping (an EBS snapshot for the root device)');
    const image = addImage(ctx, {
      name,
      description: input.Description,
      architecture: input.Architecture ?? 'x86_64',
      rootDeviceName,
      blockDevices,
      tags: tagsFromSpecifications(input.TagSpecifications, 'image'),
    });
    return { ImageId: image.id };
  }),

  DeregisterImage: handler<EC2.DeregisterImageRequest, EC2.DeregisterImageResult>((ctx, input) => {
    const image = findImage(ctx.state, ctx.region, input.ImageId ?? '');
    if (image.ownerId !== SANDBOX_ACCOUNT) throw apiError('AuthFailure', `Not authorized for image:${image.id}`);
    ctx.state.images = ctx.state.images.filter((i) => i !== image);
    return { Return: true };
  }),

  // packer sets ami_description (and launch permissions) this way after CreateImage.
  ModifyImageAttribute: handler<EC2.ModifyImageAttributeRequest, object>((ctx, input) => {
    const image = findImage(ctx.state, ctx.region, input.ImageId ?? '');
    if (image.ownerId !== SANDBOX_ACCOUNT) throw apiError('AuthFailure', `Not authorized for image:${image.id}`);
    const description = input.Description?.Value ?? (input.Attribute === 'description' ? input.Value : undefined);
    if (description !== undefined) image.description = description;
    return {};
  }),

  DescribeImageAttribute: handler<EC2.DescribeImageAttributeRequest, EC2.ImageAttribute>((ctx, input) => {
    const image = findImage(ctx.state, ctx.region, input.ImageId ?? '');
    if (input.Attribute === 'description') return { ImageId: image.id, Description: { Value: image.description ?? '' } };
    if (input.Attribute === 'launchPermission') return { ImageId: image.id, LaunchPermissions: [] };
    throw invalidParameter(`attribute ${String(input.Attribute)} is not supported by the sandbox`);
  }),

  DescribeSnapshots: handler<EC2.DescribeSnapshotsRequest, EC2.DescribeSnapshotsResult>((ctx, input) => {
    let snapshots = ctx.state.snapshots.filter((s) => s.region === ctx.region);
    if (input.SnapshotIds?.length) {
      const missing = input.SnapshotIds.find((id) => !snapshots.some((s) => s.id === id));
      if (missing) throw apiError('InvalidSnapshot.NotFound', `The snapshot '${missing}' does not exist.`);
      snapshots = snapshots.filter((s) => input.SnapshotIds!.includes(s.id));
    }
    if (input.OwnerIds?.length) {
      snapshots = snapshots.filter((s) => input.OwnerIds!.some((o) => (o === 'self' ? s.ownerId === SANDBOX_ACCOUNT : o === s.ownerId)));
    }
    snapshots = applyFilters(snapshots, input.Filters, (s, name) => {
      if (name === 'snapshot-id') return [s.id];
      if (name === 'volume-id') return [s.volumeId];
      if (name === 'owner-id') return [s.ownerId];
      if (name === 'status') return [ctx.clock.now >= s.completedAt ? 'completed' : 'pending'];
      if (name === 'description') return [s.description];
      return tagFields(s.tags, name);
    });
    const page = paginate(snapshots, input.MaxResults, input.NextToken);
    return {
      Snapshots: page.items.map((s) => {
        const done = ctx.clock.now >= s.completedAt;
        return {
          SnapshotId: s.id,
          VolumeId: s.volumeId,
          VolumeSize: s.volumeSize,
          State: done ? 'completed' : 'pending',
          Progress: done ? '100%' : '50%',
          StartTime: new Date(s.startedAt),
          OwnerId: s.ownerId,
          Description: s.description,
          Encrypted: false,
          Tags: Object.keys(s.tags).length > 0 ? tagList(s.tags) : undefined,
        };
      }),
      NextToken: page.nextToken,
    };
  }),

  DeleteSnapshot: handler<EC2.DeleteSnapshotRequest, object>((ctx, input) => {
    const snapshot = ctx.state.snapshots.find((s) => s.id === input.SnapshotId && s.region === ctx.region);
    if (!snapshot) throw apiError('InvalidSnapshot.NotFound', `The snapshot '${input.SnapshotId}' does not exist.`);
    const user = ctx.state.images.find((i) => i.region === ctx.region && i.blockDevices.some((d) => d.snapshotId === snapshot.id));
    if (user) throw apiError('InvalidSnapshot.InUse', `The snapshot ${snapshot.id} is currently in use by ${user.id}`);
    ctx.state.snapshots = ctx.state.snapshots.filter((s) => s !== snapshot);
    return {};
  }),
};
