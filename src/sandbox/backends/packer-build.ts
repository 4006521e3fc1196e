// The sandbox's packer:run: a simulated amazon-ebs build that streams packer's machine-readable log and makes a real sandbox AMI.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ec2Clients } from '../../aws/clients.js';
import { withAwsErrors } from '../../aws/errors.js';
import type { AwsTarget } from '../../aws/target.js';
import type { NodeGroup } from '../../config/index.js';
import { HangarError } from '../../errors.js';
import type { ImageBuilder } from '../../packer/builder.js';
import type { BuildSummary } from '../../packer/parse.js';
import { type PackerIo, createLineSink } from '../../packer/run.js';
import { speedFromEnv } from '../clock.js';
import { checkChefInputs } from './packer-chef.js';

export interface SimulateInput {
  node: NodeGroup;
  aws: AwsTarget;
  /** ms between log lines (scaled by HANGAR_SANDBOX_SPEED by the caller). */
  lineDelayMs?: number | undefined;
  /** ms between polls of the sandbox. */
  pollMs?: number | undefined;
  /** Gives up waiting for the instance or the image after this long. */
  timeoutMs?: number | undefined;
  /** The template packer would build (absolute) and the folder it runs in: its inputs are checked as packer and chef-solo would. */
  template?: { path: string; dir: string } | undefined;
}

/** The `==>` lines of a simulated build. */
const SIMULATED_STEPS = 9;

const escapeMachineReadable = (text: string) => text.replaceAll(',', '%!(PACKER_COMMA)').replaceAll('\n', '\\n');

/** Runs a simulated build; resolves with the summary holding the new AMI (`region:ami-...`). */
export async function simulatePackerBuild(input: SimulateInput, io: PackerIo): Promise<BuildSummary> {
  const { node, aws } = input;
  const { signal, scope } = io;
  const m = node.merged;
  const region = m.region!;
  const builder = m.type ?? 'amazon-ebs';
  const { onLine, summary } = createLineSink(io, SIMULATED_STEPS);
  const stamp = () => Math.floor(Date.now() / 1000);
  const line = (target: string, type: string, ...data: string[]) => onLine([stamp(), target, type, ...data.map(escapeMachineReadable)].join(','));
  const say = async (text: string) => {
    line('', 'ui', 'say', text);
    if (input.lineDelayMs) await sleep(input.lineDelayMs, undefined, { signal });
  };
  const message = (text: string) => line('', 'ui', 'message', `    ${builder}: ${text}`);

  const { ec2, endpoint } = await ec2Clients(aws, region);
  const sdk = await import('../../aws/sdk-ec2.js');
  const call = <T>(name: string, work: () => Promise<T>) => withAwsErrors(work, { call: name, region, endpoint });
  const poll = async <T>(what: string, check: () => Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + (input.timeoutMs ?? 120_000);
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new HangarError('packer.simulate', `sandbox: timed out waiting for ${what}`);
      await sleep(input.pollMs ?? 200, undefined, { signal });
    }
  };

  io.emit.log('SANDBOX: simulated packer build (no packer, no SSH): the AMI is registered in the local sandbox', scope);
  // What the real build's provisioners would read: a missing cookbook, role or upload fails here as it would there.
  const inputs = input.template ? checkChefInputs(input.template.path, input.template.dir) : undefined;
  for (const text of inputs?.lines ?? []) io.emit.log(`simulated: ${text}`, scope);
  if (inputs?.problems.length) {
    throw new HangarError(
      'packer.simulate',
      `sandbox: a real build of ${node.name} would fail: ${inputs.problems[0]}${inputs.problems.length > 1 ? ` (and ${inputs.problems.length - 1} more)` : ''}`,
      {
        details: inputs.problems.slice(1),
        hint: 'add the missing cookbooks/recipes to the chef repo, or fix __settings__.paths, then packer:create',
      },
    );
  }
  line('', 'version', '1.6.6');
  // Like packer's {{timestamp}}: fixed when the build starts.
  const name = `${node.name} ${stamp()}`;
  await say(`==> ${builder}: Prevalidating AMI Name: ${name}`);
  message(`Found Image ID: ${m.source_ami}`);
  await say(`==> ${builder}: Launching a source AWS instance...`);
  const run = await call('RunInstances', () =>
    ec2.send(
      new sdk.RunInstancesCommand({
        ImageId: m.source_ami,
        InstanceType: m.instance_type as never,
        MinCount: 1,
        MaxCount: 1,
        TagSpecifications: [
          {
            ResourceType: 'instance',
            Tags: [
              { Key: 'Name', Value: `packer ${node.name}` },
              { Key: 'packer', Value: 'true' },
            ],
          },
        ],
      }),
      { abortSignal: signal },
    ),
  );
  const instanceId = run.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new HangarError('packer.simulate', 'sandbox: RunInstances returned no instance');
  message(`Instance ID: ${instanceId}`);
  try {
    await say(`==> ${builder}: Waiting for instance (${instanceId}) to become ready...`);
    await poll('the build instance to run', async () => {
      const out = await call('DescribeInstances', () => ec2.send(new sdk.DescribeInstancesCommand({ InstanceIds: [instanceId] }), { abortSignal: signal }));
      return out.Reservations?.[0]?.Instances?.[0]?.State?.Name === 'running' ? true : undefined;
    });
    await say(`==> ${builder}: Provisioning with chef-solo (simulated)`);
    for (const recipe of [`role[role-${node.name}]`]) message(`Running chef-solo with run list ${recipe}`);
    message('Chef Client finished (simulated)');
    await say(`==> ${builder}: Creating AMI ${name} from instance ${instanceId}`);
    const image = await call('CreateImage', () =>
      ec2.send(new sdk.CreateImageCommand({ InstanceId: instanceId, Name: name, Description: m.description ?? '' }), { abortSignal: signal }),
    );
    const imageId = image.ImageId;
    if (!imageId) throw new HangarError('packer.simulate', 'sandbox: CreateImage returned no image');
    message(`AMI: ${imageId}`);
    await say(`==> ${builder}: Waiting for AMI to become ready...`);
    const snapshots = await poll('the AMI to become available', async () => {
      const out = await call('DescribeImages', () => ec2.send(new sdk.DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal }));
      const found = out.Images?.[0];
      if (found?.State === 'failed') throw new HangarError('packer.simulate', `sandbox: AMI ${imageId} failed`);
      return found?.State === 'available' ? (found.BlockDeviceMappings ?? []).map((b) => b.Ebs?.SnapshotId).filter((s): s is string => Boolean(s)) : undefined;
    });
    await say(`==> ${builder}: Adding tags to AMI (${imageId})...`);
    const chefTag = inputs?.chefHash ? { 'hangar:chef': inputs.chefHash } : {};
    const tags = {
      ...m.tags,
      Name: node.name,
      group: node.name,
      'hangar:config': node.hash,
      ...chefTag,
      built_at: String(stamp()),
      'hangar:simulated': 'true',
    };
    await call('CreateTags', () =>
      ec2.send(new sdk.CreateTagsCommand({ Resources: [imageId, ...snapshots], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }), {
        abortSignal: signal,
      }),
    );
    line(builder, 'artifact-count', '1');
    line(builder, 'artifact', '0', 'builder-id', 'mitchellh.amazonebs');
    line(builder, 'artifact', '0', 'id', `${region}:${imageId}`);
    line(builder, 'artifact', '0', 'end');
  } finally {
    // Like packer: the build instance goes, even on failure or cancel.
    await say(`==> ${builder}: Terminating the source AWS instance...`).catch(() => undefined);
    await withAwsErrors(() => ec2.send(new sdk.TerminateInstancesCommand({ InstanceIds: [instanceId] })), {
      call: 'TerminateInstances',
      region,
      endpoint,
    }).catch((error: unknown) => io.emit.warn(`could not terminate the build instance ${instanceId}: ${(error as Error).message}`, scope));
  }
  await say(`==> ${builder}: Build finished (simulated). The artifacts: ${summary.artifactIds.join(', ')}`);
  return summary;
}

/** The sandbox's ImageBuilder: a simulated build at HANGAR_SANDBOX_SPEED's pace that registers a sandbox AMI. */
export function simulatedBuilder(aws: AwsTarget): ImageBuilder {
  return (input, io) => {
    const speed = speedFromEnv();
    const template = { path: join(input.dir, input.template), dir: input.dir };
    return simulatePackerBuild({ node: input.node, aws, lineDelayMs: 400 * speed, pollMs: Math.max(10, 200 * Math.min(1, speed)), template }, io);
  };
}
