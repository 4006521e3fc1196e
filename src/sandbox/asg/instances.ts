// Auto Scaling calls about members: DescribeAutoScalingInstances, SetInstanceHealth, TerminateInstanceInAutoScalingGroup, activities.
import type * as ASG from '@aws-sdk/client-auto-scaling';
import { apiError } from '../api-error.js';
import { type HandlerTable, type RequestContext, handler } from '../context.js';
import { paginate } from '../paginate.js';
import type { InstanceRecord } from '../state/types.js';
import { findGroup } from './groups.js';
import { terminateMember } from './activities.js';
import { reconcileGroups } from './reconcile.js';
import { toActivity, toAutoScalingInstanceDetails } from './shape.js';

const validation = (message: string) => apiError('ValidationError', message);

function findMember(ctx: RequestContext, id: string | undefined): InstanceRecord {
  const record = ctx.state.instances.find((i) => i.id === id && i.region === ctx.region && i.group && i.state !== 'terminated');
  if (!record) throw validation(`Instance Id not found - No instance(s) currently exist in an Auto Scaling group with the specified instance Id ${id}`);
  return record;
}

export const memberHandlers: HandlerTable = {
  DescribeAutoScalingInstances: handler<ASG.DescribeAutoScalingInstancesType, ASG.AutoScalingInstancesType>((ctx, input) => {
    let records = ctx.state.instances.filter((i) => i.region === ctx.region && i.group && i.state !== 'terminated');
    if (input.InstanceIds?.length) records = records.filter((r) => input.InstanceIds!.includes(r.id));
    const page = paginate(records, input.MaxRecords ?? 50, input.NextToken, { min: 1, max: 50, protocol: 'query' });
    return { AutoScalingInstances: page.items.map((r) => toAutoScalingInstanceDetails(r, ctx.clock)), NextToken: page.nextToken };
  }),

  SetInstanceHealth: handler<ASG.SetInstanceHealthQuery, object>((ctx, input) => {
    const record = findMember(ctx, input.InstanceId);
    if (input.HealthStatus !== 'Healthy' && input.HealthStatus !== 'Unhealthy') {
      throw validation(`Invalid health status: ${input.HealthStatus} (Healthy or Unhealthy)`);
    }
    record.health = input.HealthStatus;
    reconcileGroups(ctx);
    return {};
  }),

  TerminateInstanceInAutoScalingGroup: handler<ASG.TerminateInstanceInAutoScalingGroupType, ASG.ActivityType>((ctx, input) => {
    const record = findMember(ctx, input.InstanceId);
    const group = findGroup(ctx, record.group);
    if (input.ShouldDecrementDesiredCapacity) {
      if (group.desired - 1 < group.min) {
        throw validation(
          `Currently, desiredCapacity is ${group.desired} and minSize is ${group.min}. Terminating instance without replacement will violate group's min size constraint.`,
        );
      }
      group.desired -= 1;
    }
    terminateMember(ctx, group, record, 'an instance was taken out of service in response to a user request');
    reconcileGroups(ctx);
    const activity = ctx.state.activities.filter((a) => a.group === group.name).find((a) => a.description.includes(record.id));
    return { Activity: activity ? toActivity(activity) : undefined };
  }),

  DescribeScalingActivities: handler<ASG.DescribeScalingActivitiesType, ASG.ActivitiesType>((ctx, input) => {
    let activities = ctx.state.activities.filter(
      (a) => ctx.state.groups.some((g) => g.name === a.group && g.region === ctx.region) || input.AutoScalingGroupName === a.group,
    );
    if (input.AutoScalingGroupName) activities = activities.filter((a) => a.group === input.AutoScalingGroupName);
    if (input.ActivityIds?.length) activities = activities.filter((a) => input.ActivityIds!.includes(a.id));
    const newestFirst = [...activities].reverse();
    const page = paginate(newestFirst, input.MaxRecords ?? 100, input.NextToken, { min: 1, max: 100, protocol: 'query' });
    return { Activities: page.items.map(toActivity), NextToken: page.nextToken };
  }),
};
