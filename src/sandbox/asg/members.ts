// How an ASG sees its instances: lifecycle state and health, computed from the instance record and the clock.
import type { Clock } from '../clock.js';
import type { AutoScalingGroupRecord, InstanceRecord, SandboxState } from '../state/types.js';

export type LifecycleState = 'Pending' | 'InService' | 'Terminating' | 'Terminated' | 'Standby';

export function lifecycleOf(record: InstanceRecord, clock: Clock): LifecycleState {
  switch (record.state) {
    case 'pending':
      return 'Pending';
    case 'running':
      return clock.now < record.stateAt + clock.delay('asgJoin') ? 'Pending' : 'InService';
    case 'stopping':
    case 'stopped':
      return 'InService';
    case 'shutting-down':
      return 'Terminating';
    case 'terminated':
      return 'Terminated';
  }
}

/**
 * Healthy unless marked Unhealthy (SetInstanceHealth), stopped, or launched under an `unhealthy`
 * fault (such an instance is Unhealthy as soon as it is InService, and is never replaced).
 */
export function healthOf(record: InstanceRecord, clock: Clock): 'Healthy' | 'Unhealthy' {
  if (record.health === 'Unhealthy') return 'Unhealthy';
  if (record.state === 'stopping' || record.state === 'stopped') return 'Unhealthy';
  if (record.impaired && lifecycleOf(record, clock) === 'InService') return 'Unhealthy';
  return 'Healthy';
}

/** The group's instances still counted toward its capacity (not terminating). */
export function activeMembers(state: SandboxState, group: AutoScalingGroupRecord): InstanceRecord[] {
  return state.instances.filter((i) => i.group === group.name && i.region === group.region && i.state !== 'shutting-down' && i.state !== 'terminated');
}

/** Every instance the group still lists (terminating ones too, until terminated). */
export function listedMembers(state: SandboxState, group: AutoScalingGroupRecord): InstanceRecord[] {
  return state.instances.filter((i) => i.group === group.name && i.region === group.region && i.state !== 'terminated');
}

/** Whether `record` runs the group's launch template at the version the group names ($Latest/$Default resolved now). */
export function onGroupTemplate(state: SandboxState, group: AutoScalingGroupRecord, record: InstanceRecord): boolean {
  const template = state.launchTemplates.find((t) => t.id === group.launchTemplate.id);
  if (!template || record.launchTemplate?.id !== template.id) return false;
  const wanted = group.launchTemplate.version;
  const number = wanted === '$Latest' ? template.latestVersion : wanted === '$Default' ? template.defaultVersion : Number(wanted);
  return record.launchTemplate.version === String(number);
}
