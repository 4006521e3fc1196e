// Instance refresh over time: replaces the old instances batch by batch, keeping MinHealthyPercentage in service.
import type { RequestContext } from '../context.js';
import type { AutoScalingGroupRecord, InstanceRefreshRecord } from '../state/types.js';
import { activeMembers, healthOf, lifecycleOf } from './members.js';
import { terminateMember } from './activities.js';

type Ctx = Pick<RequestContext, 'state' | 'clock' | 'region' | 'fixedAddress'>;

/** How many of the instances to replace are already gone. */
export function replacedCount(ctx: Ctx, refresh: InstanceRefreshRecord): number {
  const alive = new Set(ctx.state.instances.filter((i) => i.state !== 'shutting-down' && i.state !== 'terminated').map((i) => i.id));
  return refresh.toReplace.filter((id) => !alive.has(id)).length;
}

export function advanceRefreshes(ctx: Ctx, group: AutoScalingGroupRecord): void {
  const { state, clock } = ctx;
  for (const refresh of state.refreshes) {
    if (refresh.group !== group.name || refresh.region !== group.region) continue;
    if (refresh.status === 'Pending') refresh.status = 'InProgress';
    if (refresh.status !== 'InProgress' && refresh.status !== 'RollbackInProgress') continue;
    const members = activeMembers(state, group);
    const old = members.filter((m) => refresh.toReplace.includes(m.id)).sort((a, b) => a.launchedAt - b.launchedAt);
    const ready = members.filter(
      (m) =>
        !refresh.toReplace.includes(m.id) &&
        lifecycleOf(m, clock) === 'InService' &&
        healthOf(m, clock) === 'Healthy' &&
        clock.now >= m.stateAt + clock.delay('asgJoin') + clock.scaled(refresh.warmup),
    );
    if (old.length === 0 && ready.length >= group.desired) {
      refresh.status = refresh.status === 'InProgress' ? 'Successful' : 'RollbackSuccessful';
      refresh.statusReason = undefined;
      refresh.endedAt = clock.now;
      continue;
    }
    // One batch at a time: wait until every replacement launched so far is in service and warm.
    const inFlight = members.length - old.length - ready.length;
    if (inFlight > 0 || old.length === 0) continue;
    const healthy = ready.length + old.filter((m) => healthOf(m, clock) === 'Healthy').length;
    const minHealthy = Math.ceil((group.desired * refresh.minHealthyPercentage) / 100);
    const batch = old.slice(0, Math.max(1, healthy - minHealthy));
    for (const record of batch) terminateMember(ctx, group, record, `instance refresh ${refresh.id}`);
  }
}
