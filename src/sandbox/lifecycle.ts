// Advances the world to the request's `now`: instance and image lifecycles from their timestamps, then Auto Scaling.
import { reconcileGroups } from './asg/reconcile.js';
import { TERMINATED_RETENTION_MS } from './clock.js';
import type { RequestContext } from './context.js';
import type { InstanceRecord } from './state/types.js';

type Ctx = Pick<RequestContext, 'state' | 'clock' | 'region' | 'fixedAddress'>;

/** One instance through every transition that is due (several may be, when nobody asked for a while). */
function advanceInstance(ctx: Ctx, record: InstanceRecord): void {
  const { clock } = ctx;
  for (;;) {
    const step =
      record.state === 'pending'
        ? { delay: clock.delay('launch'), to: 'running' as const }
        : record.state === 'stopping'
          ? { delay: clock.delay('stop'), to: 'stopped' as const }
          : record.state === 'shutting-down'
            ? { delay: clock.delay('terminate'), to: 'terminated' as const }
            : undefined;
    if (!step || clock.now < record.stateAt + step.delay) return;
    record.stateAt += step.delay;
    record.state = step.to;
  }
}

export function advanceWorld(ctx: Ctx): void {
  const { state, clock } = ctx;
  for (const record of state.instances) advanceInstance(ctx, record);
  state.instances = state.instances.filter((r) => !(r.state === 'terminated' && clock.now >= r.stateAt + TERMINATED_RETENTION_MS));
  for (const image of state.images) {
    if (image.state === 'pending' && clock.now >= image.availableAt) image.state = 'available';
  }
  reconcileGroups(ctx);
}
