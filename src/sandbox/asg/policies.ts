// Scaling policy calls: PutScalingPolicy (target tracking), DescribePolicies, DeletePolicy; stored, no load is simulated.
import type * as ASG from '@aws-sdk/client-auto-scaling';
import { apiError } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { paginate } from '../paginate.js';
import type { AutoScalingGroupRecord, SandboxState, ScalingPolicyRecord } from '../state/types.js';
import { SANDBOX_ACCOUNT } from '../state/types.js';
import { findGroup } from './groups.js';

const validation = (message: string) => apiError('ValidationError', message);

const PREDEFINED = ['ASGAverageCPUUtilization', 'ASGAverageNetworkIn', 'ASGAverageNetworkOut', 'ALBRequestCountPerTarget'];
/** `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`, as PredefinedMetricSpecification documents it. */
const RESOURCE_LABEL = /^app\/[^/]+\/[^/]+\/(targetgroup\/[^/]+\/[^/]+)$/;

const policiesOf = (state: SandboxState): ScalingPolicyRecord[] => {
  state.policies ??= [];
  return state.policies;
};

/** A policy by name or ARN, in the group when one is named. */
function matches(policy: ScalingPolicyRecord, ctx: RequestContext, group: string | undefined, nameOrArn: string): boolean {
  return policy.region === ctx.region && (group === undefined || policy.group === group) && (policy.name === nameOrArn || policy.arn === nameOrArn);
}

function checkTargetTracking(group: AutoScalingGroupRecord, spec: ASG.TargetTrackingConfiguration | undefined) {
  if (!spec) throw validation('TargetTrackingConfiguration is required for a policy of type TargetTrackingScaling');
  if (spec.TargetValue === undefined || !Number.isFinite(spec.TargetValue)) throw validation('TargetValue is required in TargetTrackingConfiguration');
  if (spec.CustomizedMetricSpecification) throw validation('the sandbox stores target tracking on a PredefinedMetricSpecification only');
  const predefined = spec.PredefinedMetricSpecification;
  if (!predefined?.PredefinedMetricType) throw validation('Either PredefinedMetricSpecification or CustomizedMetricSpecification is required');
  const metric = predefined.PredefinedMetricType;
  if (!PREDEFINED.includes(metric)) {
    throw validation(
      `1 validation error detected: Value '${metric}' at 'predefinedMetricType' failed to satisfy constraint: Member must satisfy enum value set: [${PREDEFINED.join(', ')}]`,
    );
  }
  const label = predefined.ResourceLabel;
  if (metric === 'ALBRequestCountPerTarget') {
    if (!label) throw validation('ResourceLabel is required for the predefined metric type ALBRequestCountPerTarget');
    const targetGroup = RESOURCE_LABEL.exec(label)?.[1];
    if (!targetGroup)
      throw validation(
        `Invalid ResourceLabel ${label}: expected app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>`,
      );
    if (!group.targetGroupArns.some((arn) => arn.endsWith(`:${targetGroup}`))) {
      throw validation(`The target group ${targetGroup} in ResourceLabel is not attached to the Auto Scaling group ${group.name}`);
    }
  } else if (label) throw validation(`ResourceLabel is only valid for the predefined metric type ALBRequestCountPerTarget, not ${metric}`);
  return { metric, resourceLabel: label, targetValue: spec.TargetValue, disableScaleIn: Boolean(spec.DisableScaleIn) };
}

const alarmArn = (region: string, name: string) => `arn:aws:cloudwatch:${region}:${SANDBOX_ACCOUNT}:alarm:${name}`;

function toScalingPolicy(policy: ScalingPolicyRecord): ASG.ScalingPolicy {
  return {
    AutoScalingGroupName: policy.group,
    PolicyName: policy.name,
    PolicyARN: policy.arn,
    PolicyType: 'TargetTrackingScaling',
    StepAdjustments: [],
    Alarms: policy.alarms.map((AlarmName) => ({ AlarmName, AlarmARN: alarmArn(policy.region, AlarmName) })),
    TargetTrackingConfiguration: {
      PredefinedMetricSpecification: {
        PredefinedMetricType: policy.metric as ASG.MetricType,
        ...(policy.resourceLabel ? { ResourceLabel: policy.resourceLabel } : {}),
      },
      TargetValue: policy.targetValue,
      DisableScaleIn: policy.disableScaleIn,
    },
    Enabled: policy.enabled,
  };
}

export const policyHandlers: HandlerTable = {
  PutScalingPolicy: handler<ASG.PutScalingPolicyType, ASG.PolicyARNType>((ctx, input) => {
    const group = findGroup(ctx, input.AutoScalingGroupName);
    const name = input.PolicyName;
    if (!name) throw validation('1 validation error detected: Value null at policyName failed to satisfy constraint: Member must not be null');
    const type = input.PolicyType ?? 'SimpleScaling';
    if (type !== 'TargetTrackingScaling') throw validation(`the sandbox stores PolicyType TargetTrackingScaling only, not ${type}`);
    const shape = checkTargetTracking(group, input.TargetTrackingConfiguration);
    const policies = policiesOf(ctx.state);
    const existing = policies.find((p) => matches(p, ctx, group.name, name));
    const id = crypto.randomUUID();
    const record: ScalingPolicyRecord = existing ?? {
      name,
      group: group.name,
      region: ctx.region,
      arn: `arn:aws:autoscaling:${ctx.region}:${SANDBOX_ACCOUNT}:scalingPolicy:${id}:autoScalingGroupName/${group.name}:policyName/${name}`,
      alarms: [`TargetTracking-${group.name}-AlarmHigh-${id}`, `TargetTracking-${group.name}-AlarmLow-${crypto.randomUUID()}`],
      enabled: true,
      ...shape,
    };
    Object.assign(record, shape, { enabled: input.Enabled ?? record.enabled });
    if (!existing) policies.push(record);
    return { PolicyARN: record.arn, Alarms: toScalingPolicy(record).Alarms };
  }),

  DescribePolicies: handler<ASG.DescribePoliciesType, ASG.PoliciesType>((ctx, input) => {
    const group = input.AutoScalingGroupName;
    let found = policiesOf(ctx.state).filter((p) => p.region === ctx.region && (group === undefined || p.group === group));
    if (input.PolicyNames?.length) found = found.filter((p) => input.PolicyNames!.some((n) => matches(p, ctx, group, n)));
    if (input.PolicyTypes?.length && !input.PolicyTypes.includes('TargetTrackingScaling')) found = [];
    const page = paginate(found, input.MaxRecords ?? 50, input.NextToken, { min: 1, max: 100, protocol: 'query' });
    return { ScalingPolicies: page.items.map(toScalingPolicy), NextToken: page.nextToken };
  }),

  DeletePolicy: handler<ASG.DeletePolicyType, object>((ctx, input) => {
    const nameOrArn = input.PolicyName;
    if (!nameOrArn) throw validation('1 validation error detected: Value null at policyName failed to satisfy constraint: Member must not be null');
    const policies = policiesOf(ctx.state);
    const found = policies.find((p) => matches(p, ctx, input.AutoScalingGroupName, nameOrArn));
    if (!found) throw validation(`Policy ${nameOrArn} not found`);
    ctx.state.policies = policies.filter((p) => p !== found);
    return {};
  }),
};
