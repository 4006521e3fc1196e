// Clients we did not write against `hangar sandbox:serve`: a real `packer build` (amazon-ebs) and the AWS CLI.
import { join } from 'node:path';
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort, waitForPort } from '../helpers/net.js';
import { OUTSIDE_AWS_ENV, awsCli, useSandboxPackerTemplate } from '../helpers/outside-clients.js';
import { CLI, hangar, tempProject } from '../helpers/project.js';

const enabled = haveBinaries('packer', '/usr/bin/aws');

describe.skipIf(!enabled)('outside clients against hangar sandbox:serve', () => {
  const project = tempProject();
  let serve: ResultPromise | undefined;
  let url = '';
  const output: string[] = [];

  beforeAll(async () => {
    useSandboxPackerTemplate(project.dir);
    const created = await hangar(project.dir, ['packer:create', '12_04-www']);
    expect(created.exitCode, created.stderr).toBe(0);
    const port = await freePort();
    serve = execa('node', [CLI, 'sandbox:serve', '--port', String(port), '--verbose'], {
      cwd: project.dir,
      env: { NO_COLOR: '1', HANGAR_SANDBOX_SPEED: '20' },
      stdin: 'ignore',
      reject: false,
    });
    serve.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    serve.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await waitForPort(port);
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (serve?.pid) process.kill(serve.pid, 'SIGINT');
    await serve;
    project.cleanup();
  });

  const aws = (...args: string[]) => awsCli(url, ...args);

  it('says SANDBOX and the URL', () => {
    expect(output.join('')).toContain(`SANDBOX: EC2 + Auto Scaling listening at ${url}`);
  });

  it('runs a real packer build that registers an AMI the AWS CLI then lists', async () => {
    const build = await execa('packer', ['build', '-machine-readable', '-var', `aws_endpoint=${url}`, join('packer', '12_04-www.json')], {
      cwd: project.dir,
      env: { ...OUTSIDE_AWS_ENV, AWS_POLL_DELAY_SECONDS: '1', CHECKPOINT_DISABLE: '1', PACKER_NO_COLOR: '1' },
      reject: false,
      timeout: 90_000,
    });
    expect(build.exitCode, `${build.stdout}\n${output.join('')}`).toBe(0);
    const artifact = /amazon-ebs,artifact,0,id,us-east-1:(ami-[0-9a-f]{17})/.exec(build.stdout);
    expect(artifact).not.toBeNull();
    const amiId = artifact![1]!;
    expect(output.join('')).not.toContain('UNKNOWN');

    const images = await aws('ec2', 'describe-images', '--owners', 'self');
    const image = images.Images.find((i: { ImageId: string }) => i.ImageId === amiId);
    expect(image).toBeDefined();
    expect(image.Name).toMatch(/^12_04-www \d+$/);
    expect(image.State).toBe('available');
    const tags = Object.fromEntries(image.Tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value]));
    expect(tags).toMatchObject({ group: '12_04-www', Name: '12_04-www' });
    expect(tags['hangar:config']).toMatch(/^[0-9a-f]+$/);

    const snapshotId = image.BlockDeviceMappings[0].Ebs.SnapshotId;
    const snapshots = await aws('ec2', 'describe-snapshots', '--owner-ids', 'self', '--snapshot-ids', snapshotId);
    expect(snapshots.Snapshots[0].SnapshotId).toBe(snapshotId);

    const filtered = await aws('ec2', 'describe-images', '--filters', 'Name=tag:group,Values=12_04-www', 'Name=state,Values=available');
    expect(filtered.Images.map((i: { ImageId: string }) => i.ImageId)).toEqual([amiId]);

    // The builder's source instance: tagged by run_tags, terminated by packer at the end.
    const instances = await aws('ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=packer 12_04-www');
    const built = instances.Reservations.flatMap((r: { Instances: unknown[] }) => r.Instances);
    expect(built).toHaveLength(1);
    expect(built[0].State.Name).toBe('terminated');
    expect(built[0].ImageId).toBe('ami-1ebb2077');
  });

  it('answers the AWS CLI with AWS-shaped errors and Auto Scaling calls', async () => {
    const missing = await execa('/usr/bin/aws', ['--endpoint-url', url, 'ec2', 'describe-images', '--image-ids', 'ami-0000000000000dead'], {
      env: OUTSIDE_AWS_ENV,
      reject: false,
    });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toContain('InvalidAMIID.NotFound');
    const zones = await aws('ec2', 'describe-availability-zones');
    expect(zones.AvailabilityZones.map((z: { ZoneName: string }) => z.ZoneName)).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    const groups = await aws('autoscaling', 'describe-auto-scaling-groups');
    expect(groups.AutoScalingGroups).toEqual([]);
  });
});
