// instance:create: one instance of a group from its newest AMI, its key pair, zone, subnet, user data and dna file.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AwsTarget } from '../aws/target.js';
import type { Config, NodeGroup } from '../config/index.js';
import { HangarError } from '../errors.js';
import { writeAtomic } from '../fs/atomic-write.js';
import { instanceDnaPath, loadTemplate, renderDna, renderRole } from '../generate/index.js';
import type { Emitter } from '../jobs/events.js';
import { ec2Clients } from '../aws/clients.js';
import { withAwsErrors } from '../aws/errors.js';
import { listGroupImages, newestByGroup } from '../aws/images.js';
import { type InstanceRecord, toInstanceRecord } from '../aws/instances.js';
import { checkKeyFile, keyNameOf, publicKeyOf } from '../keys/key-file.js';
import { ensureKeyPair } from '../aws/key-pairs.js';
import { availableZones, describeSubnets, securityGroupParams } from '../aws/placement.js';
import { choosePlacement } from './placement.js';
import { sleep } from '../timing/sleep.js';

export interface CreateInstanceInput {
  config: Config;
  node: NodeGroup;
  aws: AwsTarget;
  keyPath: string;
  /** The key pair's name in EC2 (default: the key file's base name without extension). */
  keyName?: string | undefined;
  name: string;
  zone?: string | undefined;
  /** Wait until the instance runs (bounded by waitMs). */
  wait?: boolean | undefined;
  waitMs?: number | undefined;
  emit: Emitter;
  signal: AbortSignal;
}

export interface CreatedInstance extends InstanceRecord {
  dnaPath: string;
}

const USER_DATA_LIMIT = 16 * 1024;
/** Stands for the instance id in the user data's dna; the instance fills it in from its metadata. */
export const INSTANCE_ID_PLACEHOLDER = '__INSTANCE_ID__';

/** The user data of a one-off instance: its role and dna (id filled in on the node). */
export function renderInstanceUserData(config: Config, node: NodeGroup): string {
  const dna = renderDna(config, node, `${node.name}-${INSTANCE_ID_PLACEHOLDER}`, '').content;
  const role = renderRole(config, node).content;
  return loadTemplate(
    config.dir,
    'user-data.sh',
  )({
    group: node.name,
    region: node.merged.region,
    dna: JSON.parse(dna) as unknown,
    dna_json: dna.trimEnd(),
    role: JSON.parse(role) as unknown,
    role_json: role.trimEnd(),
    instance_dna: true,
    settings: config.settings,
    provision_command: config.settings.provision_command,
  });
}

export async function createInstance(input: CreateInstanceInput): Promise<CreatedInstance> {
  const { config, node, aws, emit, signal } = input;
  const scope = { group: node.name };
  const m = node.merged;
  const region = m.region!;
  const keyPath = checkKeyFile(input.keyPath);
  const keyName = input.keyName ?? keyNameOf(input.keyPath);
  const userData = renderInstanceUserData(config, node);
  if (Buffer.byteLength(userData) > USER_DATA_LIMIT) {
    throw new HangarError('instance.user-data', `the user data of ${node.name} is ${Buffer.byteLength(userData)} bytes; EC2 takes at most 16 KB`, {
      hint: 'shorten templates/user-data.sh.hbs or the role',
    });
  }

  const images = await listGroupImages(aws, region, [node.name], signal);
  const image = newestByGroup(images).get(node.name);
  if (!image) {
    throw new HangarError('instance.no-image', `group ${node.name} has no AMI in ${region}`, { hint: `build one first: hangar packer:run ${node.name}` });
  }
  emit.log(`AMI ${image.id} (${image.name}, built ${image.creationDate})`, scope);

  const { ec2, endpoint } = await ec2Clients(aws, region);
  const context = { region, endpoint };
  const { imported, from } = await withAwsErrors(() => ensureKeyPair(ec2, keyName, () => publicKeyOf(keyPath), signal), { ...context, call: 'ImportKeyPair' });
  if (imported) emit.log(`key pair ${keyName} did not exist in ${region}: imported its public key (from ${from})`, scope);

  const [zones, subnets] = await withAwsErrors(() => Promise.all([availableZones(ec2, signal), describeSubnets(ec2, m.subnets ?? [], signal)]), {
    ...context,
    call: 'DescribeAvailabilityZones/DescribeSubnets',
  });
  const placement = choosePlacement(m, zones, subnets, input.zone);
  const groups = await withAwsErrors(() => securityGroupParams(ec2, m.security_groups ?? [], placement, signal), {
    ...context,
    call: 'DescribeSecurityGroups',
  });
  const profile = m.iam_instance_profile;
  const tags = { ...m.tags, Name: input.name, group: node.name };
  const toTags = () => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  const { RunInstancesCommand, DescribeInstancesCommand } = await import('../aws/sdk-ec2.js');
  emit.step(`launching ${m.instance_type ?? 'an instance'} in ${placement.zone}${placement.subnetId ? ` (${placement.subnetId})` : ''}`, scope);
  const out = await withAwsErrors(
    () =>
      ec2.send(
        new RunInstancesCommand({
          ImageId: image.id,
          InstanceType: m.instance_type as never,
          MinCount: 1,
          MaxCount: 1,
          KeyName: keyName,
          ...(placement.subnetId ? { SubnetId: placement.subnetId } : { Placement: { AvailabilityZone: placement.zone } }),
          ...groups,
          ...(profile ? { IamInstanceProfile: profile.startsWith('arn:') ? { Arn: profile } : { Name: profile } } : {}),
          UserData: Buffer.from(userData).toString('base64'),
          TagSpecifications: [
            { ResourceType: 'instance', Tags: toTags() },
            { ResourceType: 'volume', Tags: toTags() },
          ],
          ClientToken: randomUUID(),
        }),
        { abortSignal: signal },
      ),
    { ...context, call: 'RunInstances' },
  );
  const launched = out.Instances?.[0];
  if (!launched?.InstanceId) throw new HangarError('instance.run', 'RunInstances returned no instance');
  let record = toInstanceRecord(launched, region);
  const dnaPath = instanceDnaPath(config, node.name, record.id);
  writeAtomic(join(config.dir, dnaPath), renderDna(config, node, `${node.name}-${record.id}`, dnaPath).content);
  emit.log(`instance ${record.id} (${input.name}) ${record.state} in ${record.zone ?? placement.zone}; wrote ${dnaPath}`, scope);

  if (input.wait) {
    const deadline = Date.now() + (input.waitMs ?? 300_000);
    while (record.state === 'pending' && Date.now() < deadline) {
      await sleep(Math.min(2000, Math.max(50, deadline - Date.now())), signal);
      signal.throwIfAborted();
      const found = await withAwsErrors(() => ec2.send(new DescribeInstancesCommand({ InstanceIds: [record.id] }), { abortSignal: signal }), {
        ...context,
        call: 'DescribeInstances',
      });
      const instance = found.Reservations?.[0]?.Instances?.[0];
      if (instance) record = toInstanceRecord(instance, region);
    }
    if (record.state === 'pending') emit.warn(`${record.id} is still pending after ${Math.round((input.waitMs ?? 300_000) / 1000)}s`, scope);
    else emit.log(`${record.id} is ${record.state}: private ${record.privateIp ?? '-'}, public ${record.publicIp ?? '-'}`, scope);
  }
  return { ...record, dnaPath };
}
