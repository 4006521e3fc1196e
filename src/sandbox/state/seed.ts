// What a fresh sandbox holds: the source AMIs of nodes.json, and per region a default VPC, subnets, security groups, a key pair.
import type { Config } from '../../config/index.js';
import { newFingerprint, newId } from '../ids.js';
import { AMAZON_ACCOUNT, type SandboxState, type SubnetRecord } from './types.js';

export interface SeedSpec {
  /** Regions whose network exists from the start (any other region is created on first use). */
  regions: string[];
  images: Array<{ id: string; region: string; groups: string[] }>;
  /** Security group names besides `default`. */
  securityGroups: string[];
}

export const DEFAULT_REGION = 'us-east-1';
export const SANDBOX_KEY_PAIR = 'hangar-sandbox';
const ZONE_LETTERS = ['a', 'b', 'c'];

/** The seed for `config` (nodes.json): its regions, source AMIs and security group names. */
export function seedSpecOf(config: Config | undefined): SeedSpec {
  const regions = new Set<string>([DEFAULT_REGION]);
  const images = new Map<string, { id: string; region: string; groups: string[] }>();
  const securityGroups = new Set<string>();
  for (const group of config?.groups.values() ?? []) {
    const { region = DEFAULT_REGION, source_ami: ami, security_groups: groups = [] } = group.merged;
    regions.add(region);
    for (const name of groups) securityGroups.add(name);
    if (!ami) continue;
    const key = `${region} ${ami}`;
    const entry = images.get(key) ?? { id: ami, region, groups: [] };
    entry.groups.push(group.name);
    images.set(key, entry);
  }
  return { regions: [...regions], images: [...images.values()], securityGroups: [...securityGroups] };
}

/** Creates the default VPC, a subnet per zone (a, b, c), `default` security group and the sandbox key pair of `region`. */
export function ensureRegion(state: SandboxState, region: string, now: number): void {
  if (state.regions.includes(region)) return;
  state.regions.push(region);
  const vpc = { id: newId('vpc'), region, cidr: '127.0.0.0/8', tags: { Name: 'sandbox-default' } };
  state.vpcs.push(vpc);
  const base = 101 + state.subnets.length;
  ZONE_LETTERS.forEach((letter, index) => {
    const prefix = `127.${base + index}`;
    const subnet: SubnetRecord = {
      id: newId('subnet'),
      region,
      vpcId: vpc.id,
      zone: `${region}${letter}`,
      cidr: `${prefix}.0.0/16`,
      prefix,
      tags: {},
    };
    state.subnets.push(subnet);
  });
  ensureSecurityGroup(state, region, 'default', 'default VPC security group');
  state.keyPairs.push({
    id: newId('key'),
    region,
    name: SANDBOX_KEY_PAIR,
    fingerprint: newFingerprint(),
    keyType: 'rsa',
    createdAt: now,
    tags: {},
  });
}

export function ensureSecurityGroup(state: SandboxState, region: string, name: string, description = `sandbox group ${name}`): void {
  if (state.securityGroups.some((g) => g.region === region && g.name === name)) return;
  const vpc = state.vpcs.find((v) => v.region === region);
  state.securityGroups.push({
    id: newId('sg'),
    region,
    name,
    description,
    vpcId: vpc?.id ?? '',
    ingress: [],
    egress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    tags: {},
  });
}

/** Adds whatever of `spec` is missing (idempotent: safe on every start). */
export function applySeed(state: SandboxState, spec: SeedSpec, now: number): void {
  for (const region of spec.regions) {
    ensureRegion(state, region, now);
    for (const name of spec.securityGroups) ensureSecurityGroup(state, region, name);
  }
  for (const image of spec.images) {
    if (state.images.some((i) => i.id === image.id && i.region === image.region)) continue;
    const snapshotId = newId('snap');
    state.snapshots.push({
      id: snapshotId,
      region: image.region,
      volumeId: newId('vol'),
      volumeSize: 8,
      ownerId: AMAZON_ACCOUNT,
      description: `source of ${image.id}`,
      startedAt: now,
      completedAt: now,
      tags: {},
    });
    state.images.push({
      id: image.id,
      region: image.region,
      name: `sandbox-source/ubuntu-${image.id} (source AMI of ${image.groups.join(', ')})`,
      description: 'source AMI named in nodes.json, seeded by the sandbox',
      ownerId: AMAZON_ACCOUNT,
      ownerAlias: 'amazon',
      state: 'available',
      createdAt: now,
      availableAt: now,
      architecture: 'x86_64',
      rootDeviceName: '/dev/sda1',
      blockDevices: [{ deviceName: '/dev/sda1', snapshotId, volumeSize: 8, volumeType: 'gp2', deleteOnTermination: true }],
      public: true,
      tags: {},
    });
  }
}
