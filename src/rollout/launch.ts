// Launch a new ASG for a group (template version + ASG), wait until it is healthy, or roll it back.
import { messageOf } from '../errors.js';
import { failedActivityIds, findFailedActivity, readActivities } from '../aws/asg-activities.js';
import { describeInstanceStatuses } from '../aws/asg-health.js';
import { type HealthJudgement, describeWaiting, judgeHealth } from './health.js';
import { asgNameFor, withCapacity } from '../aws/asg-settings.js';
import { createAsg, createAsgInput, deleteAsg, describeAsg } from '../aws/asg.js';
import { type LaunchTemplateRef, createLaunchTemplateVersion, deleteLaunchTemplateVersion, setDefaultLaunchTemplateVersion } from '../aws/launch-templates.js';
import type { RolloutContext } from './context.js';
import { pollUntil } from './wait.js';

export interface LaunchedAsg {
  name: string;
  /** The template version made for it; undefined when resuming an ASG made by an earlier run. */
  template: LaunchTemplateRef | undefined;
  desired: number;
}

/** Creates the launch template version, then the ASG `G-<timestamp>` at `desired`; undoes the version if the ASG fails. */
export async function launchAsg(rc: RolloutContext, desired: number): Promise<LaunchedAsg> {
  const scope = { group: rc.group };
  const template = await createLaunchTemplateVersion(rc.ec2, rc.group, rc.templateData, rc.templateDescription, { signal: rc.signal });
  rc.emit.log(`launch template ${template.name} version ${template.version} (${rc.templateData.ImageId})`, scope);
  const name = asgNameFor(rc.group, rc.now?.() ?? new Date());
  const settings = withCapacity(rc.settings, desired);
  try {
    await createAsg(rc.autoscaling, createAsgInput(name, settings, template, rc.merged), { signal: rc.signal });
  } catch (error) {
    // Cancelled while CreateAutoScalingGroup was in flight: AWS may have made it; take it away with its version (no signal: cleanup).
    if (rc.signal.aborted) {
      await deleteAsg(rc.autoscaling, name, true).catch((e) => rc.emit.warn(`could not delete ASG ${name}: ${messageOf(e)}`, scope));
    }
    await deleteLaunchTemplateVersion(rc.ec2, template).catch((e) =>
      rc.emit.warn(`could not delete ${template.name} version ${template.version}: ${messageOf(e)}`, scope),
    );
    throw error;
  }
  rc.emit.log(
    `created ASG ${name}: desired ${settings.desired} (min ${settings.min}, max ${settings.max}), health check ${settings.healthCheckType}, grace ${settings.healthCheckGrace} s`,
    scope,
  );
  return { name, template, desired: settings.desired };
}

/** The registered services of each instance (status up), when the rollout checks a registry. */
async function registeredServices(rc: RolloutContext): Promise<Map<string, Set<string>> | undefined> {
  if (!rc.registry || rc.services.length === 0) return undefined;
  const map = new Map<string, Set<string>>();
  for (const entry of (await rc.registry.list()).entries) {
    if (entry.status !== 'up') continue;
    map.set(entry.instance, (map.get(entry.instance) ?? new Set()).add(entry.service));
  }
  return map;
}

/**
 * Reads everything judgeHealth needs for one ASG, its scaling activities too (a failed launch ends the wait);
 * failed activities whose ids are in `ignoredActivities` (older than the wait) do not count.
 */
export async function readHealth(
  rc: RolloutContext,
  name: string,
  expected: number,
  ignoredActivities: ReadonlySet<string> = new Set(),
): Promise<HealthJudgement> {
  const call = { signal: rc.signal };
  const [asg, activities] = await Promise.all([describeAsg(rc.autoscaling, name, call), readActivities(rc.autoscaling, name, call)]);
  const ids = (asg?.Instances ?? []).map((i) => i.InstanceId ?? '').filter(Boolean);
  const [statuses, registered, targetHealth] = await Promise.all([
    describeInstanceStatuses(rc.ec2, ids, call),
    registeredServices(rc),
    // Without a checker (no ELBv2 client) target health is not judged here; the ASG's ELB health check still applies.
    rc.settings.targetGroupArns.length > 0 && rc.targetHealth
      ? ids.length > 0
        ? rc.targetHealth(rc.settings.targetGroupArns, ids, rc.signal)
        : Promise.resolve(new Map<string, string>())
      : Promise.resolve(undefined),
  ]);
  return judgeHealth({
    asg,
    expected,
    statuses,
    targetHealth,
    services: registered ? rc.services : [],
    registered,
    failedActivity: findFailedActivity(activities, ignoredActivities),
  });
}

export interface WaitHealthyOptions {
  /**
   * Failed activities the ASG already has when the wait starts: `fail` (default: an ASG this run just
   * created, whose first launches may already have failed) or `ignore` (an ASG resumed from an earlier run).
   */
  activitiesBefore?: 'fail' | 'ignore';
  /** Names the rollout's stage in the progress label, e.g. `canary` -> `canary: G-... healthy`. */
  stage?: string | undefined;
}

/**
 * Waits (bounded by autoscale.timeout) until `expected` instances of the ASG are healthy; reports n/N as it changes.
 * Fails at once on an instance that failed or on a Failed/Cancelled scaling activity (quoting its StatusMessage).
 */
export async function waitHealthy(rc: RolloutContext, name: string, expected: number, options: WaitHealthyOptions = {}): Promise<HealthJudgement> {
  const scope = { group: rc.group };
  const seen = new Map<string, string>();
  let lastCount = -1;
  const ignored = options.activitiesBefore === 'ignore' ? await failedActivityIds(rc.autoscaling, name, { signal: rc.signal }) : new Set<string>();
  return pollUntil({
    what: `ASG ${name} to be healthy`,
    check: () => readHealth(rc, name, expected, ignored),
    judge: (j) => j,
    explain: describeWaiting,
    timeoutMs: rc.settings.timeoutMs,
    signal: rc.signal,
    intervalMs: rc.intervalMs,
    onState: (j) => {
      for (const i of j.instances) {
        const line = `${i.lifecycle} ${i.health}, EC2 ${i.ec2}${i.target ? `, target ${i.target}` : ''}${
          i.missingServices.length ? `, waiting for ${i.missingServices.join(', ')} to register` : ''
        }`;
        if (seen.get(i.id) !== line) rc.emit.log(line, { ...scope, source: i.id });
        seen.set(i.id, line);
      }
      if (j.healthy !== lastCount) rc.emit.progress(j.healthy, expected, `${options.stage ? `${options.stage}: ` : ''}${name} healthy`, scope);
      lastCount = j.healthy;
    },
  });
}

/** Deletes a new ASG (force: its instances go with it, one call) and its template version. Never throws. */
export async function rollBack(rc: RolloutContext, launched: LaunchedAsg): Promise<string[]> {
  const scope = { group: rc.group };
  const done: string[] = [];
  try {
    await deleteAsg(rc.autoscaling, launched.name, true);
    done.push(`deleted ASG ${launched.name} and its instances`);
  } catch (error) {
    rc.emit.warn(`could not delete ASG ${launched.name}: ${messageOf(error)}`, scope);
  }
  if (launched.template) {
    const t = launched.template;
    try {
      await deleteLaunchTemplateVersion(rc.ec2, t);
      done.push(t.createdTemplate ? `deleted launch template ${t.name}` : `deleted ${t.name} version ${t.version}`);
    } catch (error) {
      rc.emit.warn(`could not delete ${t.name} version ${t.version}: ${messageOf(error)}`, scope);
    }
  }
  for (const line of done) rc.emit.log(`rolled back: ${line}`, scope);
  return done;
}

/** Makes the version in service the template's default (packer:clean and people read the default). Never throws. */
export async function makeDefault(rc: RolloutContext, ref: LaunchTemplateRef): Promise<void> {
  await setDefaultLaunchTemplateVersion(rc.ec2, ref).catch((error) =>
    rc.emit.warn(`could not make ${ref.name || ref.id} version ${ref.version} the default: ${messageOf(error)}`, { group: rc.group }),
  );
}
