// The zod schema of .hangar/sandbox.json: a file of another shape is refused on load with the first bad path, never half-read.
import { z } from 'zod';
import { loopbackAddress, speedSchema } from '../validate.js';
import type { SandboxState } from './types.js';

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const time = z.number();
const count = z.number().int().min(0);
const tags = z.record(z.string(), z.string());

const imageSchema = z.object({
  id: str,
  region: str,
  name: str,
  description: opt(str),
  ownerId: str,
  ownerAlias: opt(str),
  state: z.enum(['pending', 'available']),
  createdAt: time,
  availableAt: time,
  architecture: str,
  rootDeviceName: str,
  blockDevices: z.array(z.object({ deviceName: str, snapshotId: str, volumeSize: z.number(), volumeType: str, deleteOnTermination: z.boolean() })),
  public: z.boolean(),
  sourceInstanceId: opt(str),
  tags,
});

const snapshotSchema = z.object({
  id: str,
  region: str,
  volumeId: str,
  volumeSize: z.number(),
  ownerId: str,
  description: str,
  startedAt: time,
  completedAt: time,
  tags,
});

const templateRef = z.object({ id: str, name: str, version: str });

const instanceSchema = z.object({
  id: str,
  region: str,
  reservationId: str,
  imageId: str,
  instanceType: str,
  keyName: opt(str),
  securityGroupIds: z.array(str),
  subnetId: str,
  vpcId: str,
  zone: str,
  // Hand-edited or not, an address the sandbox hands out never leaves the machine.
  privateIp: loopbackAddress,
  publicIp: loopbackAddress,
  volumeId: str,
  launchedAt: time,
  state: z.enum(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']),
  stateAt: time,
  stateReason: opt(str),
  userData: opt(str),
  iamInstanceProfile: opt(str),
  clientToken: opt(str),
  launchTemplate: opt(templateRef),
  group: opt(str),
  health: opt(z.enum(['Healthy', 'Unhealthy'])),
  impaired: opt(z.boolean()),
  tags,
});

const securityGroupSchema = z.object({
  id: str,
  region: str,
  name: str,
  description: str,
  vpcId: str,
  ingress: z.array(z.unknown()),
  egress: z.array(z.unknown()),
  tags,
});

const keyPairSchema = z.object({ id: str, region: str, name: str, fingerprint: str, keyType: str, publicKey: opt(str), createdAt: time, tags });

const vpcSchema = z.object({ id: str, region: str, cidr: str, tags });

const subnetSchema = z.object({
  id: str,
  region: str,
  vpcId: str,
  zone: str,
  cidr: str,
  prefix: str.regex(/^127\.\d{1,3}$/, { message: 'expected a 127.N address prefix' }),
  tags,
});

const launchTemplateSchema = z.object({
  id: str,
  region: str,
  name: str,
  createdAt: time,
  defaultVersion: z.number().int(),
  latestVersion: z.number().int(),
  versions: z.array(z.object({ number: z.number().int(), description: opt(str), createdAt: time, data: z.record(z.string(), z.unknown()) })),
  tags,
});

const groupSchema = z.object({
  name: str,
  region: str,
  arn: str,
  launchTemplate: templateRef,
  min: count,
  max: count,
  desired: count,
  zones: z.array(str),
  subnetIds: z.array(str),
  healthCheckType: str,
  grace: z.number(),
  targetGroupArns: z.array(str),
  terminationPolicies: z.array(str),
  createdAt: time,
  deleting: opt(z.boolean()),
  tags: z.array(z.object({ key: str, value: str, propagate: z.boolean() })),
});

const refreshSchema = z.object({
  id: str,
  group: str,
  region: str,
  status: z.enum(['Pending', 'InProgress', 'Successful', 'Failed', 'Cancelled', 'RollbackInProgress', 'RollbackSuccessful']),
  statusReason: opt(str),
  startedAt: time,
  endedAt: opt(time),
  minHealthyPercentage: z.number(),
  warmup: z.number(),
  previousTemplate: opt(templateRef),
  toReplace: z.array(str),
  total: count,
});

const activitySchema = z.object({
  id: str,
  group: str,
  description: str,
  cause: str,
  startedAt: time,
  endedAt: time,
  status: z.enum(['Successful', 'InProgress', 'Failed', 'Cancelled']),
  statusMessage: opt(str),
});

const policySchema = z.object({
  name: str,
  group: str,
  region: str,
  arn: str,
  metric: str,
  resourceLabel: opt(str),
  targetValue: z.number(),
  disableScaleIn: z.boolean(),
  enabled: z.boolean(),
  alarms: z.array(str),
});

const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('error'), action: str, code: str, message: opt(str), status: opt(z.number().int()), count: z.number().int() }),
  z.object({ kind: z.literal('unhealthy'), group: str }),
]);

export const stateSchema = z.object({
  version: z.literal(1),
  createdAt: time,
  settings: z.object({ address: opt(loopbackAddress), speed: opt(speedSchema) }),
  faults: z.array(faultSchema),
  regions: z.array(str),
  publicCounter: count,
  subnetCounters: z.record(z.string(), count),
  images: z.array(imageSchema),
  snapshots: z.array(snapshotSchema),
  instances: z.array(instanceSchema),
  securityGroups: z.array(securityGroupSchema),
  keyPairs: z.array(keyPairSchema),
  vpcs: z.array(vpcSchema),
  subnets: z.array(subnetSchema),
  launchTemplates: z.array(launchTemplateSchema),
  groups: z.array(groupSchema),
  refreshes: z.array(refreshSchema),
  activities: z.array(activitySchema),
  policies: opt(z.array(policySchema)),
  volumeTags: opt(z.record(z.string(), tags)),
});

// The schema and the hand-written types describe the same file: either one drifting is a compile error here.
type Parsed = z.infer<typeof stateSchema>;
const parsedIsState = (value: Parsed): SandboxState => value;
const stateIsParsed = (value: SandboxState): Parsed => value;
void parsedIsState;
void stateIsParsed;
