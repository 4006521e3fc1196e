// EC2 calls about places: DescribeRegions, DescribeAvailabilityZones, DescribeVpcs, DescribeSubnets, DescribeVolumes.
import type * as EC2 from '@aws-sdk/client-ec2';
import { apiError } from '../api-error.js';
import { type HandlerTable, handler } from '../context.js';
import { applyFilters, tagFields, withTags } from '../filters.js';
import { paginate } from '../paginate.js';

const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
];

/** `us-east-1` -> `use1`, as AWS zone ids start. */
const zoneIdPrefix = (region: string) => {
  const [area = '', direction = '', number = ''] = region.split('-');
  return `${area}${direction.charAt(0)}${number}`;
};

export const networkHandlers: HandlerTable = {
  DescribeRegions: handler<EC2.DescribeRegionsRequest, EC2.DescribeRegionsResult>((_ctx, input) => {
    const all = REGIONS.map((name) => ({ RegionName: name, Endpoint: `ec2.${name}.amazonaws.com`, OptInStatus: 'opt-in-not-required' }));
    let regions = input.RegionNames?.length ? all.filter((r) => input.RegionNames!.includes(r.RegionName)) : all;
    regions = applyFilters(regions, input.Filters, (r, name) => (name === 'region-name' ? [r.RegionName] : name === 'endpoint' ? [r.Endpoint] : undefined));
    return { Regions: regions };
  }),

  DescribeAvailabilityZones: handler<EC2.DescribeAvailabilityZonesRequest, EC2.DescribeAvailabilityZonesResult>((ctx, input) => {
    const zones = ctx.state.subnets
      .filter((s) => s.region === ctx.region)
      .map((s, index) => ({
        ZoneName: s.zone,
        ZoneId: `${zoneIdPrefix(ctx.region)}-az${index + 1}`,
        State: 'available' as const,
        RegionName: ctx.region,
        ZoneType: 'availability-zone',
        OptInStatus: 'opt-in-not-required' as const,
        GroupName: ctx.region,
        NetworkBorderGroup: ctx.region,
        Messages: [],
      }));
    let selected = zones;
    if (input.ZoneNames?.length) selected = selected.filter((z) => input.ZoneNames!.includes(z.ZoneName));
    if (input.ZoneIds?.length) selected = selected.filter((z) => input.ZoneIds!.includes(z.ZoneId));
    selected = applyFilters(selected, input.Filters, (z, name) => {
      if (name === 'zone-name') return [z.ZoneName];
      if (name === 'zone-id') return [z.ZoneId];
      if (name === 'state') return [z.State];
      if (name === 'region-name') return [z.RegionName];
      return undefined;
    });
    return { AvailabilityZones: selected };
  }),

  DescribeVpcs: handler<EC2.DescribeVpcsRequest, EC2.DescribeVpcsResult>((ctx, input) => {
    let vpcs = ctx.state.vpcs.filter((v) => v.region === ctx.region);
    if (input.VpcIds?.length) {
      const missing = input.VpcIds.find((id) => !vpcs.some((v) => v.id === id));
      if (missing) throw apiError('InvalidVpcID.NotFound', `The vpc ID '${missing}' does not exist`);
      vpcs = vpcs.filter((v) => input.VpcIds!.includes(v.id));
    }
    vpcs = applyFilters(vpcs, input.Filters, (v, name) => {
      if (name === 'vpc-id') return [v.id];
      if (name === 'is-default' || name === 'isDefault') return ['true'];
      if (name === 'cidr' || name === 'cidr-block') return [v.cidr];
      if (name === 'state') return ['available'];
      return tagFields(v.tags, name);
    });
    const page = paginate(vpcs, input.MaxResults, input.NextToken);
    return {
      Vpcs: page.items.map((v) => ({
        VpcId: v.id,
        CidrBlock: v.cidr,
        State: 'available',
        IsDefault: true,
        InstanceTenancy: 'default',
        DhcpOptionsId: 'dopt-sandbox',
        OwnerId: '123456789012',
        Tags: withTags(v.tags),
      })),
      NextToken: page.nextToken,
    };
  }),

  DescribeSubnets: handler<EC2.DescribeSubnetsRequest, EC2.DescribeSubnetsResult>((ctx, input) => {
    let subnets = ctx.state.subnets.filter((s) => s.region === ctx.region);
    if (input.SubnetIds?.length) {
      const missing = input.SubnetIds.find((id) => !subnets.some((s) => s.id === id));
      if (missing) throw apiError('InvalidSubnetID.NotFound', `The subnet ID '${missing}' does not exist`);
      subnets = subnets.filter((s) => input.SubnetIds!.includes(s.id));
    }
    subnets = applyFilters(subnets, input.Filters, (s, name) => {
      if (name === 'subnet-id') return [s.id];
      if (name === 'vpc-id') return [s.vpcId];
      if (name === 'availability-zone' || name === 'availabilityZone') return [s.zone];
      if (name === 'default-for-az' || name === 'defaultForAz') return ['true'];
      if (name === 'state') return ['available'];
      if (name === 'cidr-block') return [s.cidr];
      return tagFields(s.tags, name);
    });
    const page = paginate(subnets, input.MaxResults, input.NextToken);
    return {
      Subnets: page.items.map((s) => ({
        SubnetId: s.id,
        VpcId: s.vpcId,
        AvailabilityZone: s.zone,
        CidrBlock: s.cidr,
        State: 'available',
        AvailableIpAddressCount: 65000,
        DefaultForAz: true,
        MapPublicIpOnLaunch: true,
        OwnerId: '123456789012',
        Tags: withTags(s.tags),
      })),
      NextToken: page.nextToken,
    };
  }),

  DescribeVolumes: handler<EC2.DescribeVolumesRequest, EC2.DescribeVolumesResult>((ctx, input) => {
    const tags = ctx.state.volumeTags ?? {};
    let volumes = ctx.state.instances
      .filter((i) => i.region === ctx.region && i.state !== 'terminated')
      .map((i) => ({ instance: i, id: i.volumeId, tags: tags[i.volumeId] ?? {} }));
    if (input.VolumeIds?.length) {
      const missing = input.VolumeIds.find((id) => !volumes.some((v) => v.id === id));
      if (missing) throw apiError('InvalidVolume.NotFound', `The volume '${missing}' does not exist.`);
      volumes = volumes.filter((v) => input.VolumeIds!.includes(v.id));
    }
    volumes = applyFilters(volumes, input.Filters, (v, name) => {
      if (name === 'volume-id') return [v.id];
      if (name === 'attachment.instance-id') return [v.instance.id];
      if (name === 'availability-zone') return [v.instance.zone];
      if (name === 'status') return ['in-use'];
      return tagFields(v.tags, name);
    });
    const page = paginate(volumes, input.MaxResults, input.NextToken);
    return {
      Volumes: page.items.map((v) => ({
        VolumeId: v.id,
        Size: 8,
        AvailabilityZone: v.instance.zone,
        State: 'in-use',
        CreateTime: new Date(v.instance.launchedAt),
        VolumeType: 'gp2',
        Encrypted: false,
        Attachments: [
          {
            VolumeId: v.id,
            InstanceId: v.instance.id,
            Device: '/dev/sda1',
            State: 'attached',
            AttachTime: new Date(v.instance.launchedAt),
            DeleteOnTermination: true,
          },
        ],
        Tags: withTags(v.tags),
      })),
      NextToken: page.nextToken,
    };
  }),
};
