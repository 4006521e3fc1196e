// Instance refresh calls: StartInstanceRefresh, DescribeInstanceRefreshes, CancelInstanceRefresh.
import type * as ASG from '@aws-sdk/client-auto-scaling';
import { apiError } from '../api-error.js';
import { type HandlerTable, handler } from '../context.js';
import { paginate } from '../paginate.js';
import { findLaunchTemplate } from '../state/lookup.js';
import { findGroup } from './groups.js';
import { activeMembers, onGroupTemplate } from './members.js';
import { reconcileGroups } from './reconcile.js';
import { replacedCount } from './refresh-progress.js';
import { toInstanceRefresh } from './shape.js';

const isActive = (status: string) => status === 'Pending' || status === 'InProgress' || status === 'RollbackInProgress';

export const refreshHandlers: HandlerTable = {
  StartInstanceRefresh: handler<ASG.StartInstanceRefreshType, ASG.StartInstanceRefreshAnswer>((ctx, input) => {
    const group = findGroup(ctx, input.AutoScalingGroupName);
    if (ctx.state.refreshes.some((r) => r.group === group.name && r.region === group.region && isActive(r.status))) {
      throw apiError('InstanceRefreshInProgress', 'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.');
    }
    const wanted = input.DesiredConfiguration?.LaunchTemplate;
    const previousTemplate = wanted ? { ...group.launchTemplate } : undefined;
    if (wanted) {
      const template = findLaunchTemplate(ctx.state, ctx.region, wanted);
      group.launchTemplate = { id: template.id, name: template.name, version: wanted.Version ?? '$Default' };
    }
    const members = activeMembers(ctx.state, group);
    const toReplace = input.Preferences?.SkipMatching ? members.filter((m) => !onGroupTemplate(ctx.state, group, m)) : members;
    const id = crypto.randomUUID();
    ctx.state.refreshes.push({
      id,
      group: group.name,
      region: group.region,
      status: 'Pending',
      startedAt: ctx.clock.now,
      minHealthyPercentage: input.Preferences?.MinHealthyPercentage ?? 90,
      warmup: input.Preferences?.InstanceWarmup ?? group.grace,
      previousTemplate,
      toReplace: toReplace.map((m) => m.id),
      total: toReplace.length,
    });
    reconcileGroups(ctx);
    return { InstanceRefreshId: id };
  }),

  DescribeInstanceRefreshes: handler<ASG.DescribeInstanceRefreshesType, ASG.DescribeInstanceRefreshesAnswer>((ctx, input) => {
    let refreshes = ctx.state.refreshes.filter((r) => r.region === ctx.region && r.group === input.AutoScalingGroupName);
    if (input.InstanceRefreshIds?.length) refreshes = refreshes.filter((r) => input.InstanceRefreshIds!.includes(r.id));
    const page = paginate([...refreshes].reverse(), input.MaxRecords ?? 50, input.NextToken, { min: 1, max: 100, protocol: 'query' });
    return { InstanceRefreshes: page.items.map((r) => toInstanceRefresh(r, replacedCount(ctx, r))), NextToken: page.nextToken };
  }),

  RollbackInstanceRefresh: handler<ASG.RollbackInstanceRefreshType, ASG.RollbackInstanceRefreshAnswer>((ctx, input) => {
    const group = findGroup(ctx, input.AutoScalingGroupName);
    const refresh = ctx.state.refreshes.find((r) => r.region === ctx.region && r.group === group.name && (r.status === 'Pending' || r.status === 'InProgress'));
    if (!refresh) {
      throw apiError('ActiveInstanceRefreshNotFound', `No in progress or pending Instance Refresh found for Auto Scaling group ${group.name}`);
    }
    if (!refresh.previousTemplate) {
      throw apiError('IrreversibleInstanceRefresh', 'The instance refresh was started without a desired configuration: it cannot be rolled back.');
    }
    // Back to the previous template; every instance launched from another one is replaced, batch by batch.
    group.launchTemplate = { ...refresh.previousTemplate };
    const toReplace = activeMembers(ctx.state, group).filter((m) => !onGroupTemplate(ctx.state, group, m));
    refresh.status = 'RollbackInProgress';
    refresh.statusReason = 'Rollback started by the user';
    refresh.toReplace = toReplace.map((m) => m.id);
    refresh.total = toReplace.length;
    reconcileGroups(ctx);
    return { InstanceRefreshId: refresh.id };
  }),

  CancelInstanceRefresh: handler<ASG.CancelInstanceRefreshType, ASG.CancelInstanceRefreshAnswer>((ctx, input) => {
    const refresh = ctx.state.refreshes.find((r) => r.region === ctx.region && r.group === input.AutoScalingGroupName && isActive(r.status));
    if (!refresh) {
      throw apiError('ActiveInstanceRefreshNotFound', `No in progress or pending Instance Refresh found for Auto Scaling group ${input.AutoScalingGroupName}`);
    }
    refresh.status = 'Cancelled';
    refresh.statusReason = 'Cancelled by the user';
    refresh.endedAt = ctx.clock.now;
    return { InstanceRefreshId: refresh.id };
  }),
};
