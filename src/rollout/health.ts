// Judges "n of N healthy" for an ASG from describe results: pure, no AWS call (the results come from src/aws).
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import type { InstanceStatus } from '@aws-sdk/client-ec2';
import { formatCount } from '../format/plural.js';

export interface InstanceHealth {
  id: string;
  /** ASG lifecycle state: Pending, InService, Terminating, ... */
  lifecycle: string;
  /** ASG health status: Healthy or Unhealthy. */
  health: string;
  /** EC2 state and status checks, e.g. `running ok/ok`, `pending`. */
  ec2: string;
  /** Target group health (when the group has target groups). */
  target?: string | undefined;
  /** Services of the group this instance has not registered yet (when a registry is checked). */
  missingServices: string[];
  healthy: boolean;
  /** Why this instance failed (the update rolls back), when it did. */
  failure?: string | undefined;
}

export interface HealthJudgement {
  expected: number;
  healthy: number;
  instances: InstanceHealth[];
  /** The first failure: the ASG is gone or an instance failed. */
  failure?: string | undefined;
  /** `expected` instances are healthy and none failed. */
  done: boolean;
}

export interface HealthInputs {
  /** The ASG as DescribeAutoScalingGroups returns it; undefined when it is gone. */
  asg: AutoScalingGroup | undefined;
  expected: number;
  /** DescribeInstanceStatus (IncludeAllInstances) for the ASG's instances. */
  statuses: InstanceStatus[];
  /** instance id -> target health state, when the group has target groups. */
  targetHealth?: Map<string, string> | undefined;
  /** Services each instance must have registered (empty: no registry check). */
  services?: string[] | undefined;
  /** instance id -> services it has registered with status `up`. */
  registered?: Map<string, Set<string>> | undefined;
  /** A Failed/Cancelled scaling activity of the ASG (DescribeScalingActivities): its launches are failing. */
  failedActivity?: { status: string; message: string } | undefined;
}

const EC2_FAILED = new Set(['shutting-down', 'terminated', 'stopping', 'stopped']);

function ec2Of(status: InstanceStatus | undefined): { text: string; ok: boolean; failure?: string } {
  if (!status) return { text: 'pending', ok: false };
  const state = status.InstanceState?.Name ?? 'unknown';
  const instance = status.InstanceStatus?.Status ?? 'initializing';
  const system = status.SystemStatus?.Status ?? 'initializing';
  if (EC2_FAILED.has(state)) return { text: state, ok: false, failure: `EC2 state ${state}` };
  if (state !== 'running') return { text: state, ok: false };
  const text = `running ${instance}/${system}`;
  if (instance === 'impaired' || system === 'impaired') return { text, ok: false, failure: `EC2 status checks impaired (${instance}/${system})` };
  return { text, ok: instance === 'ok' && system === 'ok' };
}

/** How healthy the ASG is: every instance judged on ASG lifecycle/health, EC2 status, targets and registry. */
export function judgeHealth(input: HealthInputs): HealthJudgement {
  const { asg, expected } = input;
  if (!asg) return { expected, healthy: 0, instances: [], failure: 'the ASG no longer exists', done: false };
  const services = input.services ?? [];
  const statuses = new Map(input.statuses.map((s) => [s.InstanceId ?? '', s]));
  const instances = (asg.Instances ?? []).map((i): InstanceHealth => {
    const id = i.InstanceId ?? '';
    const lifecycle = i.LifecycleState ?? 'unknown';
    const health = i.HealthStatus ?? 'unknown';
    const ec2 = ec2Of(statuses.get(id));
    const target = input.targetHealth ? (input.targetHealth.get(id) ?? 'unregistered') : undefined;
    const have = input.registered?.get(id) ?? new Set<string>();
    const missingServices = services.filter((s) => !have.has(s));
    const failure =
      health === 'Unhealthy'
        ? `marked Unhealthy by the ASG (${lifecycle})`
        : /^Terminat/.test(lifecycle)
          ? `is being terminated by the ASG (${lifecycle})`
          : ec2.failure;
    const healthy =
      !failure && lifecycle === 'InService' && health === 'Healthy' && ec2.ok && (target === undefined || target === 'healthy') && missingServices.length === 0;
    return { id, lifecycle, health, ec2: ec2.text, target, missingServices, healthy, failure };
  });
  const failed = instances.find((i) => i.failure);
  const healthy = instances.filter((i) => i.healthy).length;
  const activity = input.failedActivity;
  const failure = activity ? `a scaling activity ${activity.status}: ${activity.message}` : failed ? `instance ${failed.id} ${failed.failure}` : undefined;
  return { expected, healthy, instances, failure, done: !failure && healthy >= expected };
}

/** Why the ASG is not healthy yet, one line (for the timeout message). */
export function describeWaiting(judgement: HealthJudgement): string {
  const waiting = judgement.instances.filter((i) => !i.healthy);
  const parts = waiting.map((i) => {
    const why = [
      i.lifecycle !== 'InService' ? i.lifecycle : undefined,
      i.health !== 'Healthy' ? i.health : undefined,
      /ok\/ok$/.test(i.ec2) ? undefined : `EC2 ${i.ec2}`,
      i.target !== undefined && i.target !== 'healthy' ? `target ${i.target}` : undefined,
      i.missingServices.length > 0 ? `not registered: ${i.missingServices.join(', ')}` : undefined,
    ].filter(Boolean);
    return `${i.id} (${why.join(', ')})`;
  });
  const missing = judgement.expected - judgement.instances.length;
  if (missing > 0) parts.push(`${formatCount(missing, 'instance')} not launched yet`);
  return `${judgement.healthy}/${judgement.expected} healthy; waiting for ${parts.join('; ') || 'nothing'}`;
}
