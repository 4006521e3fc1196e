// autoscale:update, red/black: new ASG at the old capacity, wait healthy, retire the old; roll back on failure or abort.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { HangarError } from '../errors.js';
import { listGroupAsgs, scaleAsg, templateOf } from '../aws/asg.js';
import { withCapacity } from '../aws/asg-settings.js';
import { explainAwsError } from '../aws/errors.js';
import type { LaunchTemplateRef } from '../aws/launch-templates.js';
import type { RolloutContext } from './context.js';
import { type LaunchedAsg, launchAsg, makeDefault, rollBack, waitHealthy } from './launch.js';
import { applyPolicies } from './policies.js';
import { reportGroupState } from './report.js';
import { retireAsg } from './retire.js';
import { WaitError } from './wait.js';
import { hangarCommand } from '../format/hangar-command.js';
import { formatCount } from '../format/plural.js';

export interface UpdateOutcome {
  group: string;
  asg: string;
  capacity: number;
  retired: string[];
  templateVersion: number | undefined;
  resumed: boolean;
  /** The canary stage's size, when there was one. */
  canary?: number | undefined;
  /** The scaling policies put on the new ASG. */
  policies?: string[] | undefined;
}

const names = (asgs: AutoScalingGroup[]) => asgs.map((a) => a.AutoScalingGroupName).join(', ');

/** The new ASG: launched now (at the canary size when there is a canary), or (resume) the newest of several left by an interrupted update. */
async function startOrResume(
  rc: RolloutContext,
  asgs: AutoScalingGroup[],
): Promise<{ launched: LaunchedAsg; olds: AutoScalingGroup[]; resumed?: AutoScalingGroup; full: number }> {
  const scope = { group: rc.group };
  const [newest, ...older] = asgs as [AutoScalingGroup, ...AutoScalingGroup[]];
  if (older.length > 0) {
    rc.emit.log(
      `resuming the update of ${rc.group} with ${newest.AutoScalingGroupName} as the new ASG; ${names(older)} will be retired once it is healthy`,
      scope,
    );
    // An update stopped in its canary stage left the new ASG small: it goes to the capacity the old ones had first.
    const full = Math.max(newest.DesiredCapacity ?? 0, ...older.map((a) => a.DesiredCapacity ?? 0));
    return {
      launched: { name: newest.AutoScalingGroupName ?? '', template: undefined, desired: newest.DesiredCapacity ?? 0 },
      olds: older,
      resumed: newest,
      full,
    };
  }
  const desired = newest.DesiredCapacity ?? rc.settings.desired;
  const canary = rc.canary ?? 0;
  if (canary > 0 && canary < desired) {
    rc.emit.step(`canary: launch a new ASG for ${rc.group} with ${canary} of ${formatCount(desired, 'instance')}`, scope);
    return { launched: await launchAsg(rc, canary), olds: [newest], full: desired };
  }
  if (canary >= desired)
    rc.emit.log(`--canary ${canary} is not less than ${newest.AutoScalingGroupName}'s capacity (${desired}): no separate canary stage`, scope);
  rc.emit.step(`launch a new ASG for ${rc.group} at ${newest.AutoScalingGroupName}'s capacity (${desired})`, scope);
  return { launched: await launchAsg(rc, desired), olds: [newest], full: desired };
}

/** The canary stage: its instances healthy, then the ASG scaled to full capacity (its bounds as a full launch would set them). */
async function passCanary(rc: RolloutContext, launched: LaunchedAsg, full: number): Promise<void> {
  const scope = { group: rc.group };
  rc.emit.step(
    `canary: wait until ${launched.name}'s ${formatCount(launched.desired, 'canary instance')} ${launched.desired === 1 ? 'is' : 'are'} healthy (at most ${rc.settings.timeoutMs / 1000} s)`,
    scope,
  );
  rc.emit.wait(`canary: ${launched.name} healthy`, rc.settings.timeoutMs / 1000, scope);
  await waitHealthy(rc, launched.name, launched.desired, { activitiesBefore: launched.template ? 'fail' : 'ignore', stage: 'canary' });
  rc.emit.log(`canary passed: ${launched.desired}/${launched.desired} healthy in ${launched.name}`, scope);
  const bounds = withCapacity(rc.settings, full);
  rc.emit.step(`scale ${launched.name} from ${launched.desired} to full capacity (${full})`, scope);
  await scaleAsg(rc.autoscaling, launched.name, { desired: full, min: bounds.min, max: bounds.max }, { signal: rc.signal });
  launched.desired = full;
}

/** The template version an existing ASG pins, as a ref (never deleted by a rollback: createdTemplate false). */
function refOf(asg: AutoScalingGroup | undefined): LaunchTemplateRef | undefined {
  const t = asg && templateOf(asg);
  return t?.id && /^\d+$/.test(t.version) ? { id: t.id, name: t.name, version: Number(t.version), createdTemplate: false } : undefined;
}

/** Runs the whole red/black update of one group; throws a HangarError (exit 1) saying what exists when it does not finish. */
/** The command that finishes an interrupted update of the group, reaching the same target as this run. */
const resumeCommand = (rc: RolloutContext): string => hangarCommand(['autoscale:update', rc.group, '--resume', '--yes'], rc.targetWords);

export async function redBlackUpdate(rc: RolloutContext, options: { resume?: boolean } = {}): Promise<UpdateOutcome> {
  const scope = { group: rc.group };
  const asgs = await listGroupAsgs(rc.autoscaling, rc.group, { signal: rc.signal });
  if (asgs.length === 0) {
    throw new HangarError('autoscale.missing', `${rc.group} has no ASG to update`, { hint: `create it with: hangar autoscale:run ${rc.group}` });
  }
  const newest = asgs[0]!;
  if (asgs.length > 1 && !options.resume) {
    // Another update may be running right now: never guess, say what to do.
    throw new HangarError('autoscale.several', `${rc.group} has ${asgs.length} ASGs (${names(asgs)}): an update is running elsewhere or was interrupted`, {
      hint: `if none is running, finish it with: ${resumeCommand(rc)} (keeps ${newest.AutoScalingGroupName}, retires the others once it is healthy)`,
    });
  }
  if (asgs.length === 1 && options.resume) {
    rc.emit.log(`nothing to resume: ${newest.AutoScalingGroupName} is the only ASG of ${rc.group}`, scope);
    return {
      group: rc.group,
      asg: newest.AutoScalingGroupName ?? '',
      capacity: newest.DesiredCapacity ?? 0,
      retired: [],
      templateVersion: undefined,
      resumed: true,
    };
  }
  const { launched, olds, resumed, full } = await startOrResume(rc, asgs);
  // A cancel may also surface as the SDK's AbortError from a call in flight, not only as WaitError 'aborted'.
  const isAbort = (error: unknown) => (error instanceof WaitError && error.reason === 'aborted') || rc.signal.aborted;

  const canary = launched.desired < full ? launched.desired : undefined;
  try {
    if (canary !== undefined) await passCanary(rc, launched, full);
    rc.emit.step(`wait until ${launched.name} is healthy (${formatCount(launched.desired, 'instance')}, at most ${rc.settings.timeoutMs / 1000} s)`, scope);
    rc.emit.wait(`${launched.name} healthy`, rc.settings.timeoutMs / 1000, scope);
    await waitHealthy(rc, launched.name, launched.desired, { activitiesBefore: launched.template ? 'fail' : 'ignore' });
  } catch (error) {
    const aborted = isAbort(error);
    const why = error instanceof WaitError ? error.message : explainAwsError(error).message;
    rc.emit.warn(`${why}: rolling back (${names(olds)} is untouched)`, scope);
    await rollBack(rc, launched);
    await reportGroupState(rc);
    throw new HangarError(
      aborted ? 'autoscale.aborted' : error instanceof WaitError ? error.code : 'autoscale.failed',
      `update of ${rc.group} ${aborted ? 'cancelled' : 'failed'}${canary !== undefined && launched.desired === canary ? ` in its canary stage (${formatCount(canary, 'instance')})` : ''}: ${why}; rolled back: ${launched.name} deleted, ${names(olds)} left as it was`,
      {
        cause: error,
        hint: aborted
          ? `nothing changed; run hangar autoscale:update ${rc.group} again to start over`
          : `see hangar autoscale:status ${rc.group}; fix the image or nodes.json, then run autoscale:update again`,
      },
    );
  }
  rc.emit.log(`${launched.name} is healthy: ${launched.desired}/${launched.desired} in service`, scope);
  // The policies go on once the new ASG is at full capacity; the old ASG's go with it when it is deleted.
  const policies = await applyPolicies(rc, launched.name).catch(async (error: unknown) => {
    await reportGroupState(rc);
    throw new HangarError(
      isAbort(error) ? 'autoscale.aborted' : 'autoscale.policy',
      `${launched.name} is healthy and in service, but its scaling policies were not set: ${explainAwsError(error).message}; ${names(olds)} is not retired yet`,
      {
        cause: error,
        hint: `finish it with: ${resumeCommand(rc)} (puts the policies on ${launched.name}, retires the older ASGs)`,
      },
    );
  });

  const retired: string[] = [];
  for (const old of olds) {
    try {
      await retireAsg(rc, old);
      retired.push(old.AutoScalingGroupName ?? '');
    } catch (error) {
      const why = error instanceof WaitError ? error.message : explainAwsError(error).message;
      await reportGroupState(rc);
      throw new HangarError(
        isAbort(error) ? 'autoscale.aborted' : 'autoscale.retire',
        `${launched.name} is healthy and in service, but retiring ${old.AutoScalingGroupName} stopped: ${why}${
          rc.registry ? ` (its instances are marked draining in the registry)` : ''
        }`,
        { cause: error, hint: `finish it with: ${resumeCommand(rc)} (keeps ${launched.name}, retires the older ASGs)` },
      );
    }
  }
  const inService = launched.template ?? refOf(resumed);
  if (inService) await makeDefault(rc, inService);
  return {
    group: rc.group,
    asg: launched.name,
    capacity: launched.desired,
    retired,
    templateVersion: launched.template?.version,
    resumed: !launched.template,
    canary,
    policies,
  };
}
