// Launches instances (RunInstances and Auto Scaling): validates references, places them, hands out loopback addresses.
import { type AddressRange, countInRange, pickAddress } from '../address-range.js';
import { apiError, invalidParameter } from '../api-error.js';
import { LIMITS } from '../limits.js';
import type { RequestContext } from '../context.js';
import { newId } from '../ids.js';
import { findImage } from '../state/lookup.js';
import { ensureRegion } from '../state/seed.js';
import type { InstanceRecord, SandboxState, SubnetRecord, Tags } from '../state/types.js';

export interface LaunchSpec {
  imageId: string | undefined;
  instanceType?: string | undefined;
  keyName?: string | undefined;
  securityGroupIds?: string[] | undefined;
  securityGroupNames?: string[] | undefined;
  subnetId?: string | undefined;
  zone?: string | undefined;
  userData?: string | undefined;
  iamInstanceProfile?: string | undefined;
  clientToken?: string | undefined;
  tags: Tags;
  count: number;
  launchTemplate?: InstanceRecord['launchTemplate'];
  group?: string | undefined;
}

function chooseSubnet(state: SandboxState, region: string, spec: LaunchSpec, index: number): SubnetRecord {
  const subnets = state.subnets.filter((s) => s.region === region);
  if (spec.subnetId) {
    const subnet = subnets.find((s) => s.id === spec.subnetId);
    if (!subnet) throw apiError('InvalidSubnetID.NotFound', `The subnet ID '${spec.subnetId}' does not exist`);
    return subnet;
  }
  if (spec.zone) {
    const subnet = subnets.find((s) => s.zone === spec.zone);
    if (!subnet) throw invalidParameter(`Invalid availability zone: [${spec.zone}]`);
    return subnet;
  }
  return subnets[index % subnets.length]!;
}

/** A fixed address range (HANGAR_SANDBOX_ADDRESS) and how many live instances hold each of its addresses. */
type FixedAddresses = { range: AddressRange; counts: Map<number, number> } | undefined;

/** The next loopback address of the subnet (private) or of the public range; `fixed` (see pickAddress) wins when set. */
function allocateAddresses(state: SandboxState, subnet: SubnetRecord, fixed: FixedAddresses): { privateIp: string; publicIp: string } {
  const address = fixed ? pickAddress(fixed.range, fixed.counts) : state.settings.address;
  if (address) return { privateIp: address, publicIp: address };
  const hostOf = (n: number) => `${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
  const privateN = (state.subnetCounters[subnet.id] ?? 0) + 1;
  state.subnetCounters[subnet.id] = privateN;
  state.publicCounter += 1;
  return { privateIp: `${subnet.prefix}.${hostOf(privateN)}`, publicIp: `127.20.${hostOf(state.publicCounter)}` };
}

/** The private addresses of the instances that are not terminated. */
function* liveAddresses(state: SandboxState): Iterable<string> {
  for (const instance of state.instances) if (instance.state !== 'terminated') yield instance.privateIp;
}

function resolveSecurityGroups(state: SandboxState, region: string, vpcId: string, spec: LaunchSpec): string[] {
  const ids: string[] = [];
  for (const id of spec.securityGroupIds ?? []) {
    if (!state.securityGroups.some((g) => g.region === region && g.id === id)) {
      throw apiError('InvalidGroup.NotFound', `The security group '${id}' does not exist in VPC '${vpcId}'`);
    }
    ids.push(id);
  }
  for (const name of spec.securityGroupNames ?? []) {
    const group = state.securityGroups.find((g) => g.region === region && g.name === name);
    if (!group) throw apiError('InvalidGroup.NotFound', `The security group '${name}' does not exist in default VPC '${vpcId}'`);
    ids.push(group.id);
  }
  if (ids.length === 0) ids.push(state.securityGroups.find((g) => g.region === region && g.name === 'default')!.id);
  return [...new Set(ids)];
}

/** The groups an `unhealthy` fault covers (by the `group` tag). */
function impairedGroups(state: SandboxState): Set<string> {
  return new Set(state.faults.flatMap((f) => (f.kind === 'unhealthy' ? [f.group] : [])));
}

/** How many more instances the region can hold before EC2's instance limit (LIMITS.instancesPerRegion). */
export function instanceHeadroom(state: SandboxState, region: string): number {
  const live = state.instances.filter((i) => i.region === region && i.state !== 'terminated').length;
  return Math.max(0, LIMITS.instancesPerRegion - live);
}

/** EC2's answer to a launch past the instance limit. */
export function instanceLimitExceeded(requested: number): Error {
  return apiError(
    'InstanceLimitExceeded',
    `You have requested more instances (${requested}) than your current instance limit of ${LIMITS.instancesPerRegion} allows for the specified instance type (the hangar sandbox's limit per region).`,
  );
}

/** Creates `spec.count` pending instances and returns them (one reservation). */
export function launchInstances(ctx: Pick<RequestContext, 'state' | 'clock' | 'region' | 'fixedAddress'>, spec: LaunchSpec): InstanceRecord[] {
  const { state, clock, region } = ctx;
  ensureRegion(state, region, clock.now);
  if (!spec.imageId) throw apiError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = findImage(state, region, spec.imageId);
  if (image.state !== 'available') throw apiError('InvalidAMIID.Unavailable', `The image ${image.id} is not available (state: ${image.state})`);
  if (spec.keyName && !state.keyPairs.some((k) => k.region === region && k.name === spec.keyName)) {
    throw apiError('InvalidKeyPair.NotFound', `The key pair '${spec.keyName}' does not exist`);
  }
  if (!Number.isInteger(spec.count) || spec.count < 1) throw invalidParameter(`Invalid instance count: ${spec.count}`);
  if (spec.count > instanceHeadroom(state, region)) throw instanceLimitExceeded(spec.count);
  const reservationId = newId('r');
  const impaired = impairedGroups(state);
  const launched: InstanceRecord[] = [];
  const fixed: FixedAddresses = ctx.fixedAddress && { range: ctx.fixedAddress, counts: countInRange(ctx.fixedAddress, liveAddresses(state)) };
  for (let index = 0; index < spec.count; index++) {
    const subnet = chooseSubnet(state, region, spec, index);
    const instance: InstanceRecord = {
      id: newId('i'),
      region,
      reservationId,
      imageId: image.id,
      instanceType: spec.instanceType ?? 'm1.small',
      keyName: spec.keyName,
      securityGroupIds: resolveSecurityGroups(state, region, subnet.vpcId, spec),
      subnetId: subnet.id,
      vpcId: subnet.vpcId,
      zone: subnet.zone,
      ...allocateAddresses(state, subnet, fixed),
      volumeId: newId('vol'),
      launchedAt: clock.now,
      state: 'pending',
      stateAt: clock.now,
      userData: spec.userData,
      iamInstanceProfile: spec.iamInstanceProfile,
      clientToken: spec.clientToken,
      launchTemplate: spec.launchTemplate,
      group: spec.group,
      impaired: spec.tags.group !== undefined && impaired.has(spec.tags.group) ? true : undefined,
      tags: { ...spec.tags },
    };
    state.instances.push(instance);
    launched.push(instance);
  }
  return launched;
}
