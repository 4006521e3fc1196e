// EC2 images, snapshots, tags, launch templates, key pairs, security groups and networks through the real SDK.
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteKeyPairCommand,
  DeleteLaunchTemplateVersionsCommand,
  DeleteSecurityGroupCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeTagsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  ImportKeyPairCommand,
  ModifyImageAttributeCommand,
  ModifyLaunchTemplateCommand,
  RegisterImageCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, clientsFor, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx?.close();
});

describe('images and snapshots', () => {
  it('creates an image from an instance; Owners=self, tag filters; a snapshot in use cannot be deleted', async () => {
    const run = await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }));
    const instanceId = run.Instances![0]!.InstanceId!;
    await expect(fx.ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: 'too-soon' }))).rejects.toMatchObject({ name: 'IncorrectInstanceState' });
    await waitUntil(
      async () => {
        try {
          return await fx.ec2.send(
            new CreateImageCommand({
              InstanceId: instanceId,
              Name: '12_04-www 1',
              TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'group', Value: '12_04-www' }] }],
            }),
          );
        } catch {
          return undefined;
        }
      },
      5000,
      'create image',
    );
    const self = await fx.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }));
    expect(self.Images).toHaveLength(1);
    const image = self.Images![0]!;
    expect(image).toMatchObject({ Name: '12_04-www 1', OwnerId: '123456789012', Tags: [{ Key: 'group', Value: '12_04-www' }] });
    await waitUntil(
      async () => {
        const out = await fx.ec2.send(new DescribeImagesCommand({ ImageIds: [image.ImageId!] }));
        return out.Images![0]!.State === 'available';
      },
      5000,
      'available',
    );
    const tagged = await fx.ec2.send(
      new DescribeImagesCommand({
        Filters: [
          { Name: 'tag:group', Values: ['12_04-www'] },
          { Name: 'name', Values: ['12_04-www *'] },
        ],
      }),
    );
    expect(tagged.Images!.map((i) => i.ImageId)).toEqual([image.ImageId]);
    await expect(fx.ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: '12_04-www 1' }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });

    const snapshotId = image.BlockDeviceMappings![0]!.Ebs!.SnapshotId!;
    const snapshots = await fx.ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    expect(snapshots.Snapshots!.map((s) => s.SnapshotId)).toEqual([snapshotId]);
    const inUse = await fx.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId })).catch((e: unknown) => e);
    expect(inUse).toMatchObject({ name: 'InvalidSnapshot.InUse' });

    // RegisterImage from that snapshot, then clean both up in the right order.
    const registered = await fx.ec2.send(
      new RegisterImageCommand({
        Name: 'registered',
        RootDeviceName: '/dev/sda1',
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: snapshotId } }],
      }),
    );
    expect(registered.ImageId).toMatch(/^ami-/);
    await fx.ec2.send(new DeregisterImageCommand({ ImageId: image.ImageId }));
    await expect(fx.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }))).rejects.toMatchObject({ name: 'InvalidSnapshot.InUse' });
    await fx.ec2.send(new DeregisterImageCommand({ ImageId: registered.ImageId }));
    await fx.ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    await expect(fx.ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshotId] }))).rejects.toMatchObject({ name: 'InvalidSnapshot.NotFound' });
    await expect(fx.ec2.send(new DescribeImagesCommand({ ImageIds: [image.ImageId!] }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
  });
});

describe('image attributes (packer sets ami_description this way)', () => {
  it('modifies and describes an image description', async () => {
    const snapshotImage = await fx.ec2.send(
      new RegisterImageCommand({ Name: 'described', RootDeviceName: '/dev/sda1', BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } }] }),
    );
    const ImageId = snapshotImage.ImageId!;
    await fx.ec2.send(new ModifyImageAttributeCommand({ ImageId, Description: { Value: 'www "frontend"' } }));
    const attribute = await fx.ec2.send(new DescribeImageAttributeCommand({ ImageId, Attribute: 'description' }));
    expect(attribute.Description?.Value).toBe('www "frontend"');
    const described = await fx.ec2.send(new DescribeImagesCommand({ ImageIds: [ImageId] }));
    expect(described.Images![0]!.Description).toBe('www "frontend"');
    await expect(fx.ec2.send(new ModifyImageAttributeCommand({ ImageId: 'ami-0000000000000dead', Description: { Value: 'x' } }))).rejects.toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
  });
});

describe('tags', () => {
  it('creates, describes and deletes tags on instances and volumes', async () => {
    const run = await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }));
    const id = run.Instances![0]!.InstanceId!;
    const volumeId = run.Instances![0]!.BlockDeviceMappings![0]!.Ebs!.VolumeId!;
    await fx.ec2.send(
      new CreateTagsCommand({
        Resources: [id, volumeId],
        Tags: [
          { Key: 'team', Value: 'ops' },
          { Key: 'tmp', Value: '1' },
        ],
      }),
    );
    const tags = await fx.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'key', Values: ['team'] }] }));
    expect(tags.Tags!.map((t) => [t.ResourceId, t.ResourceType, t.Value]).sort()).toEqual(
      [
        [id, 'instance', 'ops'],
        [volumeId, 'volume', 'ops'],
      ].sort(),
    );
    await fx.ec2.send(new DeleteTagsCommand({ Resources: [id], Tags: [{ Key: 'tmp' }] }));
    const left = await fx.ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [id] }] }));
    expect(left.Tags!.map((t) => t.Key)).toEqual(['team']);
    const volumes = await fx.ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'attachment.instance-id', Values: [id] }] }));
    expect(volumes.Volumes![0]!.VolumeId).toBe(volumeId);
    await expect(fx.ec2.send(new CreateTagsCommand({ Resources: ['i-00000000000000000'], Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({
      name: 'InvalidInstanceID.NotFound',
    });
  });
});

describe('launch templates', () => {
  it('versions, $Latest/$Default, default version, deletion rules, errors', async () => {
    const created = await fx.ec2.send(
      new CreateLaunchTemplateCommand({ LaunchTemplateName: '12_04-bee', LaunchTemplateData: { ImageId: 'ami-1ebb2077', InstanceType: 'm1.large' } }),
    );
    expect(created.LaunchTemplate).toMatchObject({ DefaultVersionNumber: 1, LatestVersionNumber: 1 });
    await expect(fx.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: '12_04-bee', LaunchTemplateData: {} }))).rejects.toMatchObject({
      name: 'InvalidLaunchTemplateName.AlreadyExistsException',
    });
    const v2 = await fx.ec2.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId: created.LaunchTemplate!.LaunchTemplateId,
        SourceVersion: '$Latest',
        LaunchTemplateData: { InstanceType: 'c5.large' },
      }),
    );
    expect(v2.LaunchTemplateVersion).toMatchObject({
      VersionNumber: 2,
      DefaultVersion: false,
      LaunchTemplateData: { ImageId: 'ami-1ebb2077', InstanceType: 'c5.large' },
    });
    const latest = await fx.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: '12_04-bee', Versions: ['$Latest', '$Default'] }));
    expect(latest.LaunchTemplateVersions!.map((v) => v.VersionNumber)).toEqual([2, 1]);
    await fx.ec2.send(new ModifyLaunchTemplateCommand({ LaunchTemplateName: '12_04-bee', DefaultVersion: '2' }));
    const described = await fx.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['12_04-bee'] }));
    expect(described.LaunchTemplates![0]).toMatchObject({ DefaultVersionNumber: 2, LatestVersionNumber: 2 });
    const run = await fx.ec2.send(new RunInstancesCommand({ LaunchTemplate: { LaunchTemplateName: '12_04-bee' }, MinCount: 1, MaxCount: 1 }));
    expect(run.Instances![0]!.InstanceType).toBe('c5.large');
    const deleted = await fx.ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateName: '12_04-bee', Versions: ['1', '2'] }));
    expect(deleted.SuccessfullyDeletedLaunchTemplateVersions!.map((v) => v.VersionNumber)).toEqual([1]);
    expect(deleted.UnsuccessfullyDeletedLaunchTemplateVersions!.map((v) => v.VersionNumber)).toEqual([2]);
    await expect(fx.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['nope'] }))).rejects.toMatchObject({
      name: 'InvalidLaunchTemplateName.NotFoundException',
    });
    await expect(fx.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'nope' }))).rejects.toMatchObject({
      name: 'InvalidLaunchTemplateName.NotFoundException',
    });
  });
});

describe('key pairs, security groups, networks', () => {
  it('seeds hangar-sandbox; creates, imports, refuses duplicates, deletes', async () => {
    const seeded = await fx.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['hangar-sandbox'] }));
    expect(seeded.KeyPairs).toHaveLength(1);
    const created = await fx.ec2.send(new CreateKeyPairCommand({ KeyName: 'tmp-key' }));
    expect(created.KeyMaterial).toContain('PRIVATE KEY');
    await expect(fx.ec2.send(new CreateKeyPairCommand({ KeyName: 'tmp-key' }))).rejects.toMatchObject({ name: 'InvalidKeyPair.Duplicate' });
    const imported = await fx.ec2.send(
      new ImportKeyPairCommand({ KeyName: 'mine', PublicKeyMaterial: new TextEncoder().encode('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq test') }),
    );
    expect(imported.KeyFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    await fx.ec2.send(new DeleteKeyPairCommand({ KeyName: 'tmp-key' }));
    await expect(fx.ec2.send(new DescribeKeyPairsCommand({ KeyNames: ['tmp-key'] }))).rejects.toMatchObject({ name: 'InvalidKeyPair.NotFound' });
  });

  it('seeds the security groups of nodes.json; create, authorize, delete', async () => {
    const named = await fx.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default', 'external', 'internal', 'bee', 'www'] }] }),
    );
    expect(named.SecurityGroups!.map((g) => g.GroupName).sort()).toEqual(['bee', 'default', 'external', 'internal', 'www']);
    const { GroupId } = await fx.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'packer_1', Description: 'temporary' }));
    await fx.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '127.0.0.1/32' }] }],
      }),
    );
    const group = await fx.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }));
    expect(group.SecurityGroups![0]!.IpPermissions).toEqual([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '127.0.0.1/32' }] }]);
    await expect(fx.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'packer_1', Description: 'again' }))).rejects.toMatchObject({
      name: 'InvalidGroup.Duplicate',
    });
    await fx.ec2.send(new DeleteSecurityGroupCommand({ GroupId }));
    await expect(fx.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId!] }))).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });

  it('has a default VPC and a subnet per zone in every region, created on first use', async () => {
    const { ec2 } = clientsFor(fx.sandbox.url, 'eu-west-1');
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(vpcs.Vpcs).toHaveLength(1);
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcs.Vpcs![0]!.VpcId!] }] }));
    expect(subnets.Subnets!.map((s) => s.AvailabilityZone)).toEqual(['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
    // Regions are separate worlds: the us-east-1 source AMI does not exist in eu-west-1.
    await expect(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-1ebb2077'] }))).rejects.toMatchObject({ name: 'InvalidAMIID.NotFound' });
    ec2.destroy();
  });
});
