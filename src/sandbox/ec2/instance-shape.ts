// An instance record as the SDK's Instance and InstanceStatus shapes, and the filters DescribeInstances knows.
import type { Instance, InstanceStatus, StatusType } from '@aws-sdk/client-ec2';
import type { Clock } from '../clock.js';
import { tagFields, tagList } from '../filters.js';
import type { InstanceRecord, InstanceStateName, SandboxState } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';

export const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const stateOf = (name: InstanceStateName) => ({ Code: STATE_CODES[name], Name: name });

const hasPublicAddress = (record: InstanceRecord) => record.state === 'pending' || record.state === 'running';

export function toInstance(state: SandboxState, record: InstanceRecord, index = 0): Instance {
  const image = state.images.find((i) => i.id === record.imageId && i.region === record.region);
  const rootDevice = image?.rootDeviceName ?? '/dev/sda1';
  const gone = record.state === 'terminated';
  return {
    InstanceId: record.id,
    ImageId: record.imageId,
    State: stateOf(record.state),
    PrivateDnsName: gone ? '' : `ip-${record.privateIp.replaceAll('.', '-')}.sandbox.internal`,
    PublicDnsName: hasPublicAddress(record) ? `ec2-${record.publicIp.replaceAll('.', '-')}.sandbox.compute` : '',
    StateTransitionReason: record.stateReason ?? '',
    ...(record.stateReason ? { StateReason: { Code: 'Client.UserInitiatedShutdown', Message: record.stateReason } } : {}),
    KeyName: record.keyName,
    AmiLaunchIndex: index,
    InstanceType: record.instanceType as Instance['InstanceType'],
    LaunchTime: new Date(record.launchedAt),
    Placement: { AvailabilityZone: record.zone, Tenancy: 'default', GroupName: '' },
    Monitoring: { State: 'disabled' },
    SubnetId: gone ? undefined : record.subnetId,
    VpcId: gone ? undefined : record.vpcId,
    PrivateIpAddress: gone ? undefined : record.privateIp,
    PublicIpAddress: hasPublicAddress(record) ? record.publicIp : undefined,
    Architecture: (image?.architecture ?? 'x86_64') as Instance['Architecture'],
    RootDeviceType: 'ebs',
    RootDeviceName: rootDevice,
    BlockDeviceMappings: gone
      ? []
      : [
          {
            DeviceName: rootDevice,
            Ebs: { VolumeId: record.volumeId, Status: 'attached', AttachTime: new Date(record.launchedAt), DeleteOnTermination: true },
          },
        ],
    EbsOptimized: false,
    EnaSupport: true,
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    ClientToken: record.clientToken ?? '',
    SecurityGroups: record.securityGroupIds.map((id) => ({
      GroupId: id,
      GroupName: state.securityGroups.find((g) => g.id === id)?.name ?? id,
    })),
    SourceDestCheck: true,
    ...(record.iamInstanceProfile
      ? { IamInstanceProfile: { Arn: profileArn(record.iamInstanceProfile), Id: `AIPA${record.id.slice(2, 14).toUpperCase()}` } }
      : {}),
    Tags: Object.keys(record.tags).length > 0 ? tagList(record.tags) : undefined,
  };
}

export function profileArn(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:aws:iam::${SANDBOX_ACCOUNT}:instance-profile/${nameOrArn}`;
}

/** The EC2 status checks: initializing for a while after running, ok after, impaired under an `unhealthy` fault. */
export function statusCheckOf(record: InstanceRecord, clock: Clock): 'ok' | 'initializing' | 'impaired' | 'not-applicable' {
  if (record.state !== 'running') return 'not-applicable';
  if (clock.now < record.stateAt + clock.delay('asgJoin')) return 'initializing';
  return record.impaired ? 'impaired' : 'ok';
}

export function toInstanceStatus(record: InstanceRecord, clock: Clock): InstanceStatus {
  const status = statusCheckOf(record, clock);
  const detailOf = (check: typeof status): StatusType =>
    check === 'ok' ? 'passed' : check === 'impaired' ? 'failed' : check === 'initializing' ? 'initializing' : 'insufficient-data';
  const summary = (check: typeof status) => ({ Status: check, Details: [{ Name: 'reachability' as const, Status: detailOf(check) }] });
  // Under an `unhealthy` fault the instance check fails; the system (AWS's side) stays ok.
  const system = status === 'impaired' ? 'ok' : status;
  return {
    InstanceId: record.id,
    AvailabilityZone: record.zone,
    InstanceState: stateOf(record.state),
    InstanceStatus: summary(status),
    SystemStatus: summary(system),
  };
}

/** The values of a DescribeInstances filter for `record`; undefined for an unknown filter. */
export function instanceFields(record: InstanceRecord, name: string): Array<string | undefined> | undefined {
  switch (name) {
    case 'instance-id':
      return [record.id];
    case 'instance-state-name':
      return [record.state];
    case 'instance-state-code':
      return [String(STATE_CODES[record.state])];
    case 'image-id':
      return [record.imageId];
    case 'availability-zone':
      return [record.zone];
    case 'instance-type':
      return [record.instanceType];
    case 'key-name':
      return [record.keyName];
    case 'private-ip-address':
      return [record.privateIp];
    case 'ip-address':
      return [hasPublicAddress(record) ? record.publicIp : undefined];
    case 'subnet-id':
      return [record.subnetId];
    case 'vpc-id':
      return [record.vpcId];
    case 'reservation-id':
      return [record.reservationId];
    case 'instance.group-id':
      return record.securityGroupIds;
    default:
      return tagFields(record.tags, name);
  }
}
