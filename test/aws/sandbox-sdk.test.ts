// The AWS layer against the real sandbox through the real SDK: listing, throttling retried, faults explained in one line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsClients, resetAwsClients } from '../../src/aws/clients.js';
import { findImagesInUse } from '../../src/images/usage.js';
import { deleteImages } from '../../src/images/clean.js';
import { listGroupImages } from '../../src/aws/images.js';
import { listInstances } from '../../src/aws/instances.js';
import { HangarError } from '../../src/errors.js';
import { waitUntil } from '../helpers/net.js';
import { type RunningSandbox, addSandboxFault, clearSandboxFaults, readSandboxState, startSandbox } from '../../src/sandbox/index.js';
import type { AwsTarget } from '../../src/aws/target.js';
import { sandboxAwsTarget } from '../../src/sandbox/backends/index.js';

process.env.HANGAR_SANDBOX_SPEED = '100';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let dir: string;
let sandbox: RunningSandbox;
let options: AwsTarget;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hangar-aws-sdk-'));
  sandbox = await startSandbox({ stateFile: join(dir, 'sandbox.json'), speed: 0.01, log: () => {} });
  options = sandboxAwsTarget(sandbox.url);
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  delete process.env.HANGAR_AWS_MAX_ATTEMPTS;
  resetAwsClients();
  await clearSandboxFaults(sandbox.stateFile);
});

async function ec2() {
  const { ec2: client } = await awsClients(options, 'us-east-1');
  return { client, sdk: await import('@aws-sdk/client-ec2') };
}

/** `count` AMIs of `group` (RegisterImage, a snapshot each); returns their ids, oldest first. */
async function registerImages(group: string, count: number): Promise<string[]> {
  const { client, sdk } = await ec2();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const out = await client.send(
      new sdk.RegisterImageCommand({
        Name: `${group} ${i} ${Date.now()}`,
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } }],
        TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'group', Value: group }] }],
      }),
    );
    ids.push(out.ImageId!);
  }
  // AMIs start pending; RunInstances needs them available (50 ms at speed 0.01).
  await waitUntil(
    async () => {
      const out = await client.send(new sdk.DescribeImagesCommand({ ImageIds: ids }));
      return (out.Images ?? []).every((i) => i.State === 'available');
    },
    10_000,
    'the AMIs to become available',
  );
  return ids;
}

describe('listing through the SDK', () => {
  it('lists instances of a group across pages, filtered by tag and state', async () => {
    const [image] = await registerImages('pages', 1);
    const { client, sdk } = await ec2();
    const tag = (group: string) => [
      {
        ResourceType: 'instance' as const,
        Tags: [
          { Key: 'group', Value: group },
          { Key: 'Name', Value: `${group}-n` },
        ],
      },
    ];
    await client.send(new sdk.RunInstancesCommand({ ImageId: image, MinCount: 12, MaxCount: 12, TagSpecifications: tag('pages') }));
    await client.send(new sdk.RunInstancesCommand({ ImageId: image, MinCount: 2, MaxCount: 2, TagSpecifications: tag('other') }));
    const all = await listInstances(options, 'us-east-1', { groups: ['pages'] });
    expect(all).toHaveLength(12);
    expect(all.every((i) => i.group === 'pages' && i.name === 'pages-n' && i.imageId === image)).toBe(true);
    expect(all[0]!.privateIp).toMatch(/^127\./);
    expect(await listInstances(options, 'us-east-1', { groups: ['pages'], states: ['stopped'] })).toEqual([]);
    expect(await listInstances(options, 'us-east-1', { groups: [] })).toEqual([]);
  });

  it("lists a group's AMIs newest first with their snapshots", async () => {
    const ids = await registerImages('imgs', 3);
    const images = await listGroupImages(options, 'us-east-1', ['imgs']);
    expect(images.map((i) => i.id)).toEqual([...ids].reverse());
    expect(images.every((i) => i.snapshotIds.length === 1 && i.group === 'imgs')).toBe(true);
  });
});

describe('throttling and faults from the sandbox', () => {
  it('retries a throttled call until it passes', async () => {
    await addSandboxFault(sandbox.stateFile, { kind: 'error', action: 'DescribeInstances', code: 'RequestLimitExceeded', status: 503, count: 3 });
    const started = Date.now();
    const instances = await listInstances(options, 'us-east-1', { groups: ['nobody'] });
    expect(instances).toEqual([]);
    // All three throttles were answered (and consumed) before the call that passed.
    expect(readSandboxState(sandbox.stateFile)!.faults).toEqual([]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('gives up after every retry with a one-line throttling error', async () => {
    await addSandboxFault(sandbox.stateFile, { kind: 'error', action: 'DescribeImages', code: 'Throttling', status: 400, count: 50 });
    process.env.HANGAR_AWS_MAX_ATTEMPTS = '2';
    const error = (await listGroupImages(options, 'us-east-1', ['x']).catch((e: unknown) => e)) as HangarError;
    expect(error).toBeInstanceOf(HangarError);
    expect(error.code).toBe('aws.throttled');
    expect(error.message).toBe('AWS kept throttling the calls (DescribeImages) after every retry: try again in a minute');
  }, 60_000);

  it('explains an expired token and an auth failure', async () => {
    await addSandboxFault(sandbox.stateFile, {
      kind: 'error',
      action: 'DescribeInstances',
      code: 'ExpiredToken',
      message: 'The security token included in the request is expired',
      status: 400,
      count: 1,
    });
    const expired = (await listInstances(options, 'us-east-1').catch((e: unknown) => e)) as HangarError;
    expect(expired.code).toBe('aws.expired');
    expect(expired.message).toContain('(DescribeInstances)');
    expect(expired.message).not.toContain('\n');

    await addSandboxFault(sandbox.stateFile, {
      kind: 'error',
      action: 'DescribeInstances',
      code: 'AuthFailure',
      message: 'AWS was not able to validate the provided access credentials',
      status: 401,
      count: 1,
    });
    const auth = (await listInstances(options, 'us-east-1').catch((e: unknown) => e)) as HangarError;
    expect(auth.code).toBe('aws.auth');
    expect(auth.message).toContain('AWS was not able to validate the provided access credentials');
  });

  it('names the call that was denied', async () => {
    await addSandboxFault(sandbox.stateFile, {
      kind: 'error',
      action: 'DescribeImages',
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      status: 403,
      count: 1,
    });
    const error = (await listGroupImages(options, 'us-east-1', ['x']).catch((e: unknown) => e)) as HangarError;
    expect(error.message).toBe('access denied for DescribeImages: the AWS identity in use is not allowed to call it');
  });
});

describe('clean parts against the sandbox', () => {
  it('finds AMIs in use by an instance, and deregisters the rest with their snapshots; one failure does not stop the others', async () => {
    const ids = await registerImages('cleanme', 5);
    const { client, sdk } = await ec2();
    await client.send(new sdk.RunInstancesCommand({ ImageId: ids[0], MinCount: 1, MaxCount: 1 }));
    const usage = await findImagesInUse(options, 'us-east-1');
    expect(usage.get(ids[0]!)?.[0]).toMatch(/^instance i-[0-9a-f]+ \((pending|running)\)$/);
    expect(usage.has(ids[1]!)).toBe(false);

    const images = await listGroupImages(options, 'us-east-1', ['cleanme']);
    const victims = images.filter((i) => i.id !== ids[0]);
    const snapshots = victims.flatMap((i) => i.snapshotIds);
    await addSandboxFault(sandbox.stateFile, {
      kind: 'error',
      action: 'DeregisterImage',
      code: 'InvalidAMIID.Unavailable',
      message: 'busy',
      status: 400,
      count: 1,
    });
    const outcome = await deleteImages(options, 'us-east-1', victims, { concurrency: 2 });
    expect(outcome.failed).toHaveLength(1);
    expect(outcome.failed[0]!.error.message).toContain('InvalidAMIID.Unavailable');
    expect(outcome.deleted).toHaveLength(3);
    const left = await listGroupImages(options, 'us-east-1', ['cleanme']);
    expect(left.map((i) => i.id).sort()).toEqual([ids[0]!, outcome.failed[0]!.image.id].sort());
    const described = await client.send(new sdk.DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
    const remaining = new Set((described.Snapshots ?? []).map((s) => s.SnapshotId));
    const deletedSnapshots = outcome.deleted.flatMap((i) => i.snapshotIds);
    expect(deletedSnapshots).toHaveLength(3);
    expect(deletedSnapshots.some((s) => remaining.has(s))).toBe(false);
    expect(snapshots.filter((s) => remaining.has(s))).toEqual(outcome.failed[0]!.image.snapshotIds);
  });
});

describe('createInstance in a subnet', () => {
  it("picks the subnet's zone, resolves security group names in its VPC, tags it and writes the dna", async () => {
    const [ami] = await registerImages('subnetted', 1);
    const { client, sdk } = await ec2();
    const subnets = (await client.send(new sdk.DescribeSubnetsCommand({}))).Subnets ?? [];
    const subnet = subnets.find((s) => s.AvailabilityZone === 'us-east-1b')!;
    const { writeFileSync, readFileSync, chmodSync } = await import('node:fs');
    const { execa } = await import('execa');
    const { loadConfig } = await import('../../src/config/index.js');
    const { createInstance } = await import('../../src/fleet/instance-create.js');
    const { createEmitter } = await import('../../src/jobs/events.js');
    const project = mkdtempSync(join(tmpdir(), 'hangar-subnet-'));
    writeFileSync(
      join(project, 'nodes.json'),
      JSON.stringify({
        __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 't3.micro', ssh_username: 'ubuntu' },
        subnetted: { subnets: [subnet.SubnetId], security_groups: ['default'], iam_instance_profile: 'web-role', tags: { team: 'ops' } },
      }),
    );
    const key = join(project, 'deploy.pem');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    chmodSync(key, 0o600);
    const config = loadConfig(join(project, 'nodes.json'));
    const logs: string[] = [];
    const created = await createInstance({
      config,
      node: config.groups.get('subnetted')!,
      aws: options,
      keyPath: key,
      name: 'sub-1',
      emit: createEmitter((e) => e.type === 'log' && logs.push(e.message)),
      signal: new AbortController().signal,
    });
    expect(created.imageId).toBe(ami);
    expect(created.zone).toBe('us-east-1b');
    const described = (await client.send(new sdk.DescribeInstancesCommand({ InstanceIds: [created.id] }))).Reservations![0]!.Instances![0]!;
    expect(described.SubnetId).toBe(subnet.SubnetId);
    expect(described.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
    expect(described.KeyName).toBe('deploy');
    expect(described.IamInstanceProfile?.Arn).toContain('web-role');
    const tags = Object.fromEntries((described.Tags ?? []).map((t) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ Name: 'sub-1', group: 'subnetted', team: 'ops' });
    expect(logs.some((l) => l.startsWith('key pair deploy did not exist in us-east-1: imported'))).toBe(true);
    const dna = JSON.parse(readFileSync(join(project, 'dna', 'instances', `subnetted-${created.id}.json`), 'utf8'));
    expect(dna.id).toBe(`subnetted-${created.id}`);
    rmSync(project, { recursive: true, force: true });
  });
});

describe('findImagesInUse: launch templates and ASGs', () => {
  it('spares the default and latest versions and the version an ASG runs, names each reason', async () => {
    const [a, b, c, d] = await registerImages('templated', 4);
    const { client, sdk } = await ec2();
    const created = await client.send(
      new sdk.CreateLaunchTemplateCommand({ LaunchTemplateName: 'lt-test', LaunchTemplateData: { ImageId: a, InstanceType: 't3.micro' } }),
    );
    const id = created.LaunchTemplate!.LaunchTemplateId!;
    await client.send(new sdk.CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: b, InstanceType: 't3.micro' } }));
    await client.send(new sdk.CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: c, InstanceType: 't3.micro' } }));
    const { autoscaling } = await awsClients(options, 'us-east-1');
    const asg = await import('@aws-sdk/client-auto-scaling');
    await autoscaling.send(
      new asg.CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'templated-1',
        MinSize: 0,
        MaxSize: 0,
        DesiredCapacity: 0,
        AvailabilityZones: ['us-east-1a'],
        LaunchTemplate: { LaunchTemplateName: 'lt-test', Version: '2' },
      }),
    );
    const usage = await findImagesInUse(options, 'us-east-1');
    expect(usage.get(a!)).toEqual(['launch template lt-test default version 1']);
    expect(usage.get(b!)).toEqual(['ASG templated-1 (launch template lt-test version 2)']);
    expect(usage.get(c!)).toEqual(['launch template lt-test latest version 3']);
    expect(usage.has(d!)).toBe(false);
  });
});
