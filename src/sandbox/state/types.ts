// The sandbox's world as stored in .hangar/sandbox.json: plain JSON records, times in ms since the epoch.

export type Tags = Record<string, string>;

export interface BlockDevice {
  deviceName: string;
  snapshotId: string;
  volumeSize: number;
  volumeType: string;
  deleteOnTermination: boolean;
}

export interface ImageRecord {
  id: string;
  region: string;
  name: string;
  description?: string | undefined;
  ownerId: string;
  ownerAlias?: string | undefined;
  state: 'pending' | 'available';
  createdAt: number;
  /** pending -> available at this time. */
  availableAt: number;
  architecture: string;
  rootDeviceName: string;
  blockDevices: BlockDevice[];
  public: boolean;
  sourceInstanceId?: string | undefined;
  tags: Tags;
}

export interface SnapshotRecord {
  id: string;
  region: string;
  volumeId: string;
  volumeSize: number;
  ownerId: string;
  description: string;
  startedAt: number;
  completedAt: number;
  tags: Tags;
}

export type InstanceStateName = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export interface InstanceRecord {
  id: string;
  region: string;
  reservationId: string;
  imageId: string;
  instanceType: string;
  keyName?: string | undefined;
  securityGroupIds: string[];
  subnetId: string;
  vpcId: string;
  zone: string;
  privateIp: string;
  publicIp: string;
  volumeId: string;
  launchedAt: number;
  state: InstanceStateName;
  /** When the current state was entered. */
  stateAt: number;
  stateReason?: string | undefined;
  userData?: string | undefined;
  iamInstanceProfile?: string | undefined;
  clientToken?: string | undefined;
  launchTemplate?: { id: string; name: string; version: string } | undefined;
  /** The Auto Scaling group it belongs to. */
  group?: string | undefined;
  /** Set by SetInstanceHealth; the ASG replaces an Unhealthy instance. */
  health?: 'Healthy' | 'Unhealthy' | undefined;
  /** Launched under an `unhealthy` fault: never passes a health check. */
  impaired?: boolean | undefined;
  tags: Tags;
}

export interface SecurityGroupRecord {
  id: string;
  region: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: unknown[];
  egress: unknown[];
  tags: Tags;
}

export interface KeyPairRecord {
  id: string;
  region: string;
  name: string;
  fingerprint: string;
  keyType: string;
  publicKey?: string | undefined;
  createdAt: number;
  tags: Tags;
}

export interface VpcRecord {
  id: string;
  region: string;
  cidr: string;
  tags: Tags;
}

export interface SubnetRecord {
  id: string;
  region: string;
  vpcId: string;
  zone: string;
  cidr: string;
  /** First two octets of the private addresses handed out in this subnet, e.g. `127.101`. */
  prefix: string;
  tags: Tags;
}

export interface LaunchTemplateVersionRecord {
  number: number;
  description?: string | undefined;
  createdAt: number;
  /** The request's LaunchTemplateData, as the SDK shapes it. */
  data: Record<string, unknown>;
}

export interface LaunchTemplateRecord {
  id: string;
  region: string;
  name: string;
  createdAt: number;
  defaultVersion: number;
  latestVersion: number;
  versions: LaunchTemplateVersionRecord[];
  tags: Tags;
}

export interface AsgTag {
  key: string;
  value: string;
  propagate: boolean;
}

export interface AutoScalingGroupRecord {
  name: string;
  region: string;
  arn: string;
  launchTemplate: { id: string; name: string; version: string };
  min: number;
  max: number;
  desired: number;
  zones: string[];
  subnetIds: string[];
  healthCheckType: string;
  grace: number;
  targetGroupArns: string[];
  terminationPolicies: string[];
  createdAt: number;
  /** Set by DeleteAutoScalingGroup with ForceDelete: gone once its instances are. */
  deleting?: boolean | undefined;
  tags: AsgTag[];
}

export interface InstanceRefreshRecord {
  id: string;
  group: string;
  region: string;
  status: 'Pending' | 'InProgress' | 'Successful' | 'Failed' | 'Cancelled' | 'RollbackInProgress' | 'RollbackSuccessful';
  statusReason?: string | undefined;
  startedAt: number;
  endedAt?: number | undefined;
  minHealthyPercentage: number;
  warmup: number;
  /** The group's launch template before the refresh (set when it was started with a DesiredConfiguration: a rollback returns to it). */
  previousTemplate?: { id: string; name: string; version: string } | undefined;
  /** Instances to replace, as they were when the refresh (or its rollback) started. */
  toReplace: string[];
  total: number;
}

/** A target-tracking scaling policy of a group (stored only: the sandbox simulates no load). */
export interface ScalingPolicyRecord {
  name: string;
  group: string;
  region: string;
  arn: string;
  metric: string;
  resourceLabel?: string | undefined;
  targetValue: number;
  disableScaleIn: boolean;
  enabled: boolean;
  /** The CloudWatch alarms AWS makes for the policy (names only; the sandbox has no CloudWatch). */
  alarms: string[];
}

export interface ActivityRecord {
  id: string;
  group: string;
  description: string;
  cause: string;
  startedAt: number;
  endedAt: number;
  status: 'Successful' | 'InProgress' | 'Failed' | 'Cancelled';
  /** Why it failed, as AWS words it (Failed/Cancelled only). */
  statusMessage?: string | undefined;
}

export type Fault =
  | { kind: 'error'; action: string; code: string; message?: string | undefined; status?: number | undefined; count: number }
  | { kind: 'unhealthy'; group: string };

export interface SandboxSettings {
  /** Every new instance gets this address (private and public), e.g. 127.0.0.1 for a local sshd. */
  address?: string | undefined;
  /** Delay factor for every process using this state (POST /_sandbox/settings); wins over HANGAR_SANDBOX_SPEED. */
  speed?: number | undefined;
}

export interface SandboxState {
  version: 1;
  createdAt: number;
  settings: SandboxSettings;
  faults: Fault[];
  /** Regions whose default VPC, subnets, security groups and key pair exist. */
  regions: string[];
  publicCounter: number;
  subnetCounters: Record<string, number>;
  images: ImageRecord[];
  snapshots: SnapshotRecord[];
  instances: InstanceRecord[];
  securityGroups: SecurityGroupRecord[];
  keyPairs: KeyPairRecord[];
  vpcs: VpcRecord[];
  subnets: SubnetRecord[];
  launchTemplates: LaunchTemplateRecord[];
  groups: AutoScalingGroupRecord[];
  refreshes: InstanceRefreshRecord[];
  activities: ActivityRecord[];
  /** Scaling policies (PutScalingPolicy); absent in state files written before they existed. */
  policies?: ScalingPolicyRecord[];
  /** Tags of instance root volumes, by volume id. */
  volumeTags?: Record<string, Tags>;
}

/** The account that owns everything hangar creates (`Owners=self`). */
export const SANDBOX_ACCOUNT = '123456789012';
/** The owner of the seeded source AMIs (alias `amazon`). */
export const AMAZON_ACCOUNT = '137112412989';

export function emptyState(now: number): SandboxState {
  return {
    version: 1,
    createdAt: now,
    settings: {},
    faults: [],
    regions: [],
    publicCounter: 0,
    subnetCounters: {},
    images: [],
    snapshots: [],
    instances: [],
    securityGroups: [],
    keyPairs: [],
    vpcs: [],
    subnets: [],
    launchTemplates: [],
    groups: [],
    refreshes: [],
    activities: [],
  };
}
