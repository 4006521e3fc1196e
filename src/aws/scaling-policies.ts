// Target-tracking scaling policies of an ASG (PutScalingPolicy, DescribePolicies, DeletePolicy), and what nodes.json asks for.
import {
  type AutoScalingClient,
  type ScalingPolicy,
  DeletePolicyCommand,
  PutScalingPolicyCommand,
  paginateDescribePolicies,
} from '@aws-sdk/client-auto-scaling';
import { HangarError } from '../errors.js';
import type { AsgSettings } from './asg-settings.js';
import { sendOptions } from './clients.js';
import type { CallOptions } from './launch-templates.js';

/** One target-tracking policy hangar keeps on a group's ASG. */
export interface WantedPolicy {
  name: string;
  metric: 'ASGAverageCPUUtilization' | 'ALBRequestCountPerTarget';
  target: number;
  /** ALBRequestCountPerTarget only: `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`. */
  resourceLabel?: string | undefined;
}

/** hangar's policies are named `hangar-G-<what>`; others on the ASG are never touched. */
export const policyPrefix = (group: string) => `hangar-${group}-`;

/**
 * The documented ResourceLabel of ALBRequestCountPerTarget from the load balancer's and the target group's ARNs:
 * `arn:...:loadbalancer/app/NAME/ID` + `arn:...:targetgroup/NAME/ID` -> `app/NAME/ID/targetgroup/NAME/ID`.
 */
export function resourceLabelOf(loadBalancerArn: string, targetGroupArn: string): string {
  const lb = /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(loadBalancerArn)?.[1];
  const tg = /:(targetgroup\/[^/]+\/[^/]+)$/.exec(targetGroupArn)?.[1];
  if (!lb || !tg) {
    throw new HangarError(
      'autoscale.resource-label',
      `cannot derive a ResourceLabel from ${loadBalancerArn} and ${targetGroupArn}: ALBRequestCountPerTarget needs an Application Load Balancer (loadbalancer/app/...) in front of the target group`,
      { hint: 'put the target group behind an Application Load Balancer, or drop autoscale.target_requests_per_target' },
    );
  }
  return `${lb}/${tg}`;
}

/** The policies the settings ask for; `resourceLabel` is the first target group's label (needed when requests are tracked). */
export function wantedPolicies(settings: AsgSettings, resourceLabel: string | undefined): WantedPolicy[] {
  const out: WantedPolicy[] = [];
  const prefix = policyPrefix(settings.group);
  if (settings.targetCpu !== undefined) out.push({ name: `${prefix}cpu`, metric: 'ASGAverageCPUUtilization', target: settings.targetCpu });
  if (settings.targetRequestsPerTarget !== undefined) {
    if (!resourceLabel) throw new HangarError('autoscale.resource-label', `no ResourceLabel for the request-count policy of ${settings.group}`);
    out.push({ name: `${prefix}requests`, metric: 'ALBRequestCountPerTarget', target: settings.targetRequestsPerTarget, resourceLabel });
  }
  return out;
}

/** Creates or replaces one target-tracking policy on the ASG (PutScalingPolicy is create-or-update by name). */
export async function putPolicy(autoscaling: AutoScalingClient, asg: string, policy: WantedPolicy, options: CallOptions = {}): Promise<void> {
  await autoscaling.send(
    new PutScalingPolicyCommand({
      AutoScalingGroupName: asg,
      PolicyName: policy.name,
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: {
          PredefinedMetricType: policy.metric,
          ...(policy.resourceLabel ? { ResourceLabel: policy.resourceLabel } : {}),
        },
        TargetValue: policy.target,
      },
    }),
    sendOptions(options.signal),
  );
}

/** Every scaling policy of one ASG. */
export async function describePolicies(autoscaling: AutoScalingClient, asg: string, options: CallOptions = {}): Promise<ScalingPolicy[]> {
  const found: ScalingPolicy[] = [];
  const pages = paginateDescribePolicies({ client: autoscaling, pageSize: 50 }, { AutoScalingGroupName: asg }, sendOptions(options.signal));
  for await (const page of pages) found.push(...(page.ScalingPolicies ?? []));
  return found;
}

export async function deletePolicy(autoscaling: AutoScalingClient, asg: string, name: string, options: CallOptions = {}): Promise<void> {
  await autoscaling.send(new DeletePolicyCommand({ AutoScalingGroupName: asg, PolicyName: name }), sendOptions(options.signal));
}

/** One line for people: `hangar-web-cpu: ASGAverageCPUUtilization at 50`. */
export function describePolicyLine(policy: ScalingPolicy): string {
  const spec = policy.TargetTrackingConfiguration;
  const metric = spec?.PredefinedMetricSpecification?.PredefinedMetricType ?? spec?.CustomizedMetricSpecification?.MetricName ?? policy.PolicyType ?? '?';
  const label = spec?.PredefinedMetricSpecification?.ResourceLabel;
  return `${policy.PolicyName}: ${metric}${spec?.TargetValue === undefined ? '' : ` at ${spec.TargetValue}`}${label ? ` (${label})` : ''}${
    policy.Enabled === false ? ' [disabled]' : ''
  }`;
}
