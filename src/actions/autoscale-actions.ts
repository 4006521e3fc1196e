// Actions of this area: autoscale:run, autoscale:update, autoscale:status.
import { HangarError, messageOf } from '../errors.js';
import type { ActionContext, AnyAction } from './types.js';
import { defineAction } from './types.js';
import { previewUpdate } from './previews.js';

/**
 * Each group in turn, each on its own: a group's failure is reported against it and the next group still runs;
 * the run fails at the end, naming every group that failed. A cancel stops at once. AWS errors become one-line HangarErrors.
 */
async function eachGroup(ctx: ActionContext, groups: string[], work: (group: string) => Promise<void>): Promise<void> {
  const { explainAwsError } = await import('../aws/errors.js');
  const failed: { group: string; error: HangarError }[] = [];
  for (const group of groups) {
    try {
      await work(group);
    } catch (error) {
      const explained = explainAwsError(error);
      if (groups.length === 1 || ctx.signal.aborted) throw explained;
      const hangar = explained instanceof HangarError ? explained : new HangarError('autoscale.failed', messageOf(explained), { cause: explained });
      ctx.emit.warn(`failed: ${hangar.message}${hangar.hint ? ` (${hangar.hint})` : ''}`, { group });
      failed.push({ group, error: hangar });
    }
  }
  if (failed.length === 0) return;
  const [first] = failed;
  const finish = failed.find((f) => f.error.hint?.startsWith('finish it with:'));
  throw new HangarError(
    first!.error.code,
    `${failed.map((f) => f.group).join(', ')} failed${failed.length < groups.length ? ' (the other groups are done)' : ''}: ${first!.error.message}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`,
    {
      cause: first!.error,
      details: failed.map((f) => `${f.group}: ${f.error.message}`),
      ...((finish ?? first)!.error.hint ? { hint: (finish ?? first)!.error.hint } : {}),
    },
  );
}

export const autoscaleRun = defineAction({
  name: 'autoscale:run',
  summary: "create the ASG G-<timestamp> from G's newest AMI (error if G already has one)",
  description:
    "Adds a version to the launch template hangar-G (G's newest AMI, user data from templates/user-data.sh.hbs with dna/asg/G.json) and creates the ASG G-<yyyymmddHHMMss> (UTC) tagged group=G and Name=G, propagated at launch. Capacity from autoscale.node_min/node_max (desired = node_min unless autoscale.desired), health check ELB when autoscale.target_group_arns is set, else EC2, grace autoscale.health_check_grace (300 s). autoscale.target_cpu (percent) and autoscale.target_requests_per_target (needs target_group_arns) put target-tracking scaling policies on it (hangar-G-cpu, hangar-G-requests), which scale it within node_min..node_max. Runs autoscale:create G first when its files are stale. When G already has an ASG it fails and creates nothing: use autoscale:update.",
  groups: 'required',
  requires: ['autoscale', 'region', 'instance_type'],
  usesAws: true,
  locks: 'groups',
  flags: {
    wait: { type: 'boolean', description: 'wait (at most autoscale.timeout) until every instance is InService and healthy' },
  },
  async run(ctx, groups, flags) {
    const { targetOf, prepareRollout } = await import('../rollout/prepare.js');
    const { listGroupAsgs } = await import('../aws/asg.js');
    const { launchAsg, waitHealthy } = await import('../rollout/launch.js');
    // Check every group before creating anything.
    const targets = await Promise.all(groups.map((group) => targetOf(ctx, group)));
    await eachGroup(ctx, groups, async (group) => {
      const target = targets.find((t) => t.node.name === group)!;
      const existing = await listGroupAsgs(target.clients.autoscaling, group, { signal: ctx.signal });
      if (existing.length > 0) {
        throw new HangarError(
          'autoscale.exists',
          `${group} already has an ASG: ${existing.map((a) => a.AutoScalingGroupName).join(', ')}; nothing was created`,
          {
            hint: `replace it with: hangar autoscale:update ${group}`,
          },
        );
      }
      const rc = await prepareRollout(ctx, target, 'autoscale:run');
      try {
        const launched = await launchAsg(rc, target.settings.desired);
        const { applyPolicies } = await import('../rollout/policies.js');
        const policies = await applyPolicies(rc, launched.name).catch((error: unknown) => {
          throw new HangarError('autoscale.policy', `ASG ${launched.name} was created, but its scaling policies were not set: ${messageOf(error)}`, {
            cause: error,
            hint: `autoscale:update ${group} puts them on the new ASG it makes`,
          });
        });
        if (flags.wait) {
          await waitHealthy(rc, launched.name, launched.desired).catch((error: unknown) => {
            throw new HangarError('autoscale.wait', `${messageOf(error)}; ASG ${launched.name} was created and is left as it is`, {
              cause: error,
              hint: `watch it with: hangar autoscale:status ${group} --watch`,
            });
          });
        }
        ctx.emit.result(
          { group, asg: launched.name, desired: launched.desired, launchTemplate: launched.template?.name, version: launched.template?.version, policies },
          `${group}: ASG ${launched.name} created, desired ${launched.desired}${policies.length ? `, scaling policies ${policies.join(', ')}` : ''}${flags.wait ? ', every instance healthy' : ''}`,
          { group },
        );
      } finally {
        await rc.registry?.close();
      }
    });
  },
});

export const autoscaleUpdate = defineAction({
  name: 'autoscale:update',
  summary: 'red/black: new ASG from the newest AMI, wait until healthy, retire the old one; roll back on failure',
  description:
    "Creates a launch template version and a new ASG G-<timestamp> at the current ASG's desired capacity, waits (at most autoscale.timeout) until every new instance is InService, healthy in EC2 and, when the group declares services and a registry is configured, registered. Then marks the old instances draining, waits autoscale.drain_timeout (30 s), scales the old ASG to 0 and deletes it. With --canary K (default autoscale.canary) the new ASG first comes up with K instances only; once they are healthy it is scaled to full capacity and the update goes on. The group's scaling policies are put on the new ASG once it is healthy; the old ASG's go with it. If the new ASG fails or times out (in the canary stage or after) it is deleted and the old one is left exactly as it was. Ctrl-C stops waiting, rolls back what is not yet in service and says what exists. When an update was interrupted after the new ASG was healthy, --resume finishes it (G having several ASGs is otherwise an error). --strategy refresh uses a native instance refresh instead.",
  groups: 'required',
  requires: ['autoscale', 'region', 'instance_type'],
  usesAws: true,
  destructive: true,
  locks: 'groups',
  flags: {
    strategy: {
      type: 'string',
      description: 'redblack (new ASG, then retire the old) or refresh (native instance refresh)',
      default: 'redblack',
      placeholder: 'NAME',
    },
    'min-healthy': { type: 'number', description: 'refresh: MinHealthyPercentage', default: 90, integer: true, min: 0, max: 100 },
    resume: { type: 'boolean', description: 'finish an interrupted update: keep the newest ASG, retire the others once it is healthy' },
    canary: {
      type: 'number',
      integer: true,
      min: 0,
      max: 1000,
      placeholder: 'K',
      description: 'redblack: start the new ASG with K instances, scale it to full capacity once they are healthy (default autoscale.canary; 0: none)',
    },
  },
  preview: previewUpdate,
  async run(ctx, groups, flags) {
    if (flags.strategy !== 'redblack' && flags.strategy !== 'refresh') {
      throw new HangarError('usage.flag', `autoscale:update: --strategy must be redblack or refresh, got "${flags.strategy}"`, { exitCode: 2 });
    }
    if (flags.canary !== undefined && flags.strategy === 'refresh') {
      throw new HangarError('usage.flag', 'autoscale:update: --canary is a red/black stage; it does not go with --strategy refresh', { exitCode: 2 });
    }
    if (flags.resume && flags.strategy === 'refresh') {
      throw new HangarError('usage.flag', 'autoscale:update: --resume finishes a red/black update; it does not go with --strategy refresh', { exitCode: 2 });
    }
    const { targetOf, prepareRollout } = await import('../rollout/prepare.js');
    const targets = await Promise.all(groups.map((group) => targetOf(ctx, group)));
    await eachGroup(ctx, groups, async (group) => {
      const target = targets.find((t) => t.node.name === group)!;
      const rc = await prepareRollout(ctx, target, 'autoscale:update', { canary: flags.canary });
      try {
        if (flags.strategy === 'refresh') {
          const { refreshUpdate } = await import('../rollout/refresh.js');
          const out = await refreshUpdate(rc, flags['min-healthy']);
          ctx.emit.result(out, `${group}: instance refresh of ${out.asg} done (launch template version ${out.templateVersion})`, { group });
          return;
        }
        const { redBlackUpdate } = await import('../rollout/redblack.js');
        const out = await redBlackUpdate(rc, { resume: Boolean(flags.resume) });
        const stages = out.canary === undefined ? '' : ` after a canary of ${out.canary}`;
        const policies = out.policies?.length ? `; scaling policies ${out.policies.join(', ')}` : '';
        ctx.emit.result(
          out,
          `${group}: ${out.asg} in service at ${out.capacity}${stages}${policies}${out.retired.length ? `; retired ${out.retired.join(', ')}` : ''}`,
          {
            group,
          },
        );
      } finally {
        await rc.registry?.close();
      }
    });
  },
});

export const autoscaleStatus = defineAction({
  name: 'autoscale:status',
  summary: "the ASGs of G: capacity, launch template version, AMI, scaling policies, each instance's lifecycle and health",
  groups: 'required',
  requires: ['region'],
  usesAws: true,
  flags: {
    watch: { type: 'boolean', short: 'w', description: 'refresh until ctrl-c (prints again when something changes)' },
    interval: {
      type: 'number',
      description: 'seconds between refreshes with --watch',
      default: 2,
      min: 0.1,
      max: 3600,
      unit: 'seconds',
      placeholder: 'SECONDS',
    },
  },
  async run(ctx, groups, flags) {
    const { groupClients } = await import('../rollout/prepare.js');
    const { readGroupStatus, formatGroupStatus } = await import('../fleet/asg-status.js');
    const { pause } = await import('../rollout/wait.js');
    const last = new Map<string, string>();
    for (;;) {
      await eachGroup(ctx, groups, async (group) => {
        const { ec2, autoscaling } = await groupClients(ctx, group);
        const rows = await readGroupStatus(ec2, autoscaling, group, { signal: ctx.signal });
        const text = formatGroupStatus(group, rows);
        if (last.get(group) !== text) ctx.emit.result({ group, asgs: rows }, text, { group });
        last.set(group, text);
      });
      if (!flags.watch) return;
      try {
        await pause(flags.interval * 1000, ctx.signal, 'the next refresh');
      } catch {
        return;
      }
    }
  },
});

export const autoscaleActions: AnyAction[] = [autoscaleRun, autoscaleUpdate, autoscaleStatus];
