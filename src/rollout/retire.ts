// Retire the old ASG of a red/black update: mark draining, wait the drain timeout, scale to 0, wait, delete.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { messageOf } from '../errors.js';
import { deleteAsg, describeAsg, scaleAsg } from '../aws/asg.js';
import type { RolloutContext } from './context.js';
import { WaitError, pause, pollUntil } from './wait.js';
import { formatCount } from '../format/plural.js';

/** Marks every instance of the ASG draining in the registry (when there is one). Never throws. */
async function markDraining(rc: RolloutContext, ids: string[]): Promise<void> {
  if (!rc.registry || ids.length === 0) return;
  const scope = { group: rc.group };
  const results = await Promise.allSettled(ids.map((id) => rc.registry!.setStatus(id, 'draining')));
  results.forEach((r, n) => {
    if (r.status === 'rejected') rc.emit.warn(`could not mark ${ids[n]} draining: ${messageOf(r.reason)}`, scope);
  });
  rc.emit.log(`marked ${formatCount(results.filter((r) => r.status === 'fulfilled').length, 'instance')} draining in ${rc.registry.description}`, scope);
}

/** Takes the old ASG away once the new one is healthy. Abort propagates (WaitError 'aborted'). */
export async function retireAsg(rc: RolloutContext, old: AutoScalingGroup): Promise<void> {
  const scope = { group: rc.group };
  const name = old.AutoScalingGroupName ?? '';
  const ids = (old.Instances ?? []).map((i) => i.InstanceId ?? '').filter(Boolean);
  rc.emit.step(`retire ${name}`, scope);
  await markDraining(rc, ids);
  if (rc.settings.drainMs > 0) {
    rc.emit.log(`draining: waiting ${rc.settings.drainMs / 1000} s before scaling ${name} to 0`, scope);
    rc.emit.wait(`${name} drain`, rc.settings.drainMs / 1000, scope);
    await pause(rc.settings.drainMs, rc.signal, `${name} to drain`);
  }
  await scaleAsg(rc.autoscaling, name, { desired: 0, min: 0 }, { signal: rc.signal });
  rc.emit.log(`scaled ${name} to 0; waiting for its ${formatCount(ids.length, 'instance')} to terminate`, scope);
  let force = false;
  try {
    await pollUntil({
      what: `the instances of ${name} to terminate`,
      check: () => describeAsg(rc.autoscaling, name, { signal: rc.signal }),
      judge: (asg) => ({ done: !asg || (asg.Instances ?? []).length === 0 }),
      onState: (asg) => rc.emit.progress(ids.length - (asg?.Instances?.length ?? 0), ids.length, `${name} terminated`, scope),
      timeoutMs: rc.settings.timeoutMs,
      signal: rc.signal,
      intervalMs: rc.intervalMs,
    });
  } catch (error) {
    if (!(error instanceof WaitError) || error.reason === 'failed') throw error;
    // Scaled to 0 already: its end is decided. On a timeout or ctrl-c it goes in one call rather than being left at 0.
    const why = error.reason === 'aborted' ? 'stopped waiting' : messageOf(error);
    rc.emit.warn(`${why}: deleting ${name} with its instances now (force)`, scope);
    force = true;
  }
  // Without the signal: after a cancel this delete is the cleanup that must happen.
  await deleteAsg(rc.autoscaling, name, force);
  rc.emit.log(`deleted ASG ${name}`, scope);
}
