// autoscale:update --strategy refresh: native instance refresh of the group's ASG to a new template version.
import {
  CancelInstanceRefreshCommand,
  DescribeInstanceRefreshesCommand,
  type InstanceRefresh,
  RollbackInstanceRefreshCommand,
  StartInstanceRefreshCommand,
} from '@aws-sdk/client-auto-scaling';
import { HangarError, messageOf } from '../errors.js';
import { hangarCommand } from '../format/hangar-command.js';
import { listGroupAsgs } from '../aws/asg.js';
import { createLaunchTemplateVersion } from '../aws/launch-templates.js';
import type { RolloutContext } from './context.js';
import { makeDefault } from './launch.js';
import { reportGroupState } from './report.js';
import { WaitError, pollUntil } from './wait.js';

export interface RefreshOutcome {
  group: string;
  asg: string;
  refreshId: string;
  templateVersion: number;
}

const FAILED = new Set(['Failed', 'Cancelled', 'Cancelling', 'RollbackInProgress', 'RollbackSuccessful', 'RollbackFailed']);

/** The refresh's verdict from DescribeInstanceRefreshes (pure). */
export function judgeRefresh(refresh: InstanceRefresh | undefined): { done: boolean; failure?: string | undefined } {
  if (!refresh) return { done: false, failure: 'the instance refresh is gone' };
  const status = refresh.Status ?? 'Pending';
  if (status === 'Successful') return { done: true };
  if (FAILED.has(status)) return { done: false, failure: `instance refresh ${status}${refresh.StatusReason ? `: ${refresh.StatusReason}` : ''}` };
  return { done: false };
}

/** How long a refresh may take: the timeout once per batch (100 - min healthy % of the instances at a time). */
export function refreshTimeoutMs(timeoutMs: number, desired: number, minHealthy: number): number {
  const batch = Math.max(1, Math.floor((desired * (100 - minHealthy)) / 100));
  return timeoutMs * Math.max(1, Math.ceil(desired / batch));
}

/** Starts the refresh (MinHealthyPercentage, AutoRollback on), waits for it, reports its percentage. */
export async function refreshUpdate(rc: RolloutContext, minHealthy: number): Promise<RefreshOutcome> {
  const scope = { group: rc.group };
  const call = { signal: rc.signal };
  const asgs = await listGroupAsgs(rc.autoscaling, rc.group, call);
  if (asgs.length !== 1) {
    throw new HangarError(
      asgs.length === 0 ? 'autoscale.missing' : 'autoscale.several',
      asgs.length === 0 ? `${rc.group} has no ASG to refresh` : `${rc.group} has ${asgs.length} ASGs: an instance refresh needs exactly one`,
      {
        hint:
          asgs.length === 0
            ? `create it with: hangar autoscale:run ${rc.group}`
            : `finish the interrupted update first: ${hangarCommand(['autoscale:update', rc.group, '--resume'], rc.targetWords)}`,
      },
    );
  }
  const asg = asgs[0]!;
  const name = asg.AutoScalingGroupName ?? '';
  const template = await createLaunchTemplateVersion(rc.ec2, rc.group, rc.templateData, rc.templateDescription, call);
  rc.emit.log(`launch template ${template.name} version ${template.version} (${rc.templateData.ImageId})`, scope);
  const started = await rc.autoscaling
    .send(
      new StartInstanceRefreshCommand({
        AutoScalingGroupName: name,
        Strategy: 'Rolling',
        DesiredConfiguration: { LaunchTemplate: { LaunchTemplateId: template.id, Version: String(template.version) } },
        Preferences: { MinHealthyPercentage: minHealthy, AutoRollback: true, InstanceWarmup: rc.settings.healthCheckGrace },
      }),
      { abortSignal: rc.signal },
    )
    .catch(async (error: unknown) => {
      if (!rc.signal.aborted) throw error;
      // Cancelled while the start was in flight: it may have started; roll it back if so.
      await stopRefresh(rc, name);
      await reportGroupState(rc);
      throw new HangarError('autoscale.aborted', `instance refresh of ${name} cancelled while starting`, {
        cause: error,
        hint: `see hangar autoscale:status ${rc.group}`,
      });
    });
  const refreshId = started.InstanceRefreshId ?? '';
  rc.emit.step(`instance refresh ${refreshId} of ${name} (min healthy ${minHealthy}%, auto rollback on)`, scope);
  let percent = -1;
  try {
    await pollUntil({
      what: `instance refresh ${refreshId} of ${name}`,
      check: async () =>
        (
          await rc.autoscaling.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: name, InstanceRefreshIds: [refreshId] }), {
            abortSignal: rc.signal,
          })
        ).InstanceRefreshes?.[0],
      judge: judgeRefresh,
      onState: (r) => {
        const now = r?.PercentageComplete ?? 0;
        if (now !== percent) rc.emit.progress(now, 100, `refresh ${name} %`, scope);
        percent = now;
      },
      explain: (r) => `${r?.Status ?? '?'} at ${r?.PercentageComplete ?? 0}%`,
      timeoutMs: refreshTimeoutMs(rc.settings.timeoutMs, asg.DesiredCapacity ?? 1, minHealthy),
      signal: rc.signal,
      intervalMs: rc.intervalMs,
    });
  } catch (error) {
    if (error instanceof WaitError && error.reason !== 'failed') await stopRefresh(rc, name);
    await reportGroupState(rc);
    const aborted = error instanceof WaitError && error.reason === 'aborted';
    throw new HangarError(
      aborted ? 'autoscale.aborted' : 'autoscale.refresh',
      `instance refresh of ${name} ${aborted ? 'cancelled' : 'failed'}: ${messageOf(error)}`,
      {
        cause: error,
        hint: `the ASG rolls back to its previous launch template; watch it with: hangar autoscale:status ${rc.group}`,
      },
    );
  }
  await makeDefault(rc, template);
  return { group: rc.group, asg: name, refreshId, templateVersion: template.version };
}

/** Rolls the refresh back (cancels it when a rollback is refused). Never throws. */
async function stopRefresh(rc: RolloutContext, name: string): Promise<void> {
  const scope = { group: rc.group };
  try {
    await rc.autoscaling.send(new RollbackInstanceRefreshCommand({ AutoScalingGroupName: name }));
    rc.emit.warn(`rolling back the instance refresh of ${name}`, scope);
  } catch (error) {
    try {
      await rc.autoscaling.send(new CancelInstanceRefreshCommand({ AutoScalingGroupName: name }));
      rc.emit.warn(`cancelled the instance refresh of ${name} (rollback refused: ${messageOf(error)})`, scope);
    } catch (cancelError) {
      rc.emit.warn(`could not stop the instance refresh of ${name}: ${messageOf(cancelError)}`, scope);
    }
  }
}
