// The ASG activity log and the one way an ASG member is terminated (shared by reconcile, refresh and the API handlers).
import type { RequestContext } from '../context.js';
import { newId } from '../ids.js';
import type { AutoScalingGroupRecord, InstanceRecord, SandboxState } from '../state/types.js';

type Ctx = Pick<RequestContext, 'state' | 'clock'>;

const MAX_ACTIVITIES = 500;

/** How an activity ended: Successful unless a failure (with AWS's StatusMessage) is given. */
export interface ActivityOutcome {
  status: 'Failed' | 'Cancelled';
  message: string;
}

export function recordActivity(state: SandboxState, group: string, description: string, cause: string, at: number, outcome?: ActivityOutcome): void {
  state.activities.push({
    id: newId('act'),
    group,
    description,
    cause,
    startedAt: at,
    endedAt: at,
    status: outcome?.status ?? 'Successful',
    ...(outcome ? { statusMessage: outcome.message } : {}),
  });
  if (state.activities.length > MAX_ACTIVITIES) state.activities.splice(0, state.activities.length - MAX_ACTIVITIES);
}

/** Terminates an ASG instance (it leaves the group once terminated). */
export function terminateMember(ctx: Ctx, group: AutoScalingGroupRecord, record: InstanceRecord, cause: string): void {
  if (record.state === 'shutting-down' || record.state === 'terminated') return;
  record.state = 'shutting-down';
  record.stateAt = ctx.clock.now;
  record.stateReason = `terminated by Auto Scaling: ${cause}`;
  recordActivity(ctx.state, group.name, `Terminating EC2 instance: ${record.id}`, cause, ctx.clock.now);
}
