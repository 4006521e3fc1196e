// Actions of this area: packer:run, packer:clean, packer:delete. AWS and packer code is loaded inside run().
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type NodeGroup, groupOf } from '../config/index.js';
import { IMAGE_REQUIREMENTS } from '../config/requirements.js';
import { HangarError, messageOf, usageError } from '../errors.js';
import type { PlannedFile } from '../generate/index.js';
import { packerPath } from '../generate/paths.js';
import { deleteWithProgress, imagesAndUsage } from './packer-usage.js';
import type { ActionContext, AnyAction } from './types.js';
import { defineAction } from './types.js';
import { RANGES } from './flag-values.js';
import { previewClean, previewDelete } from './previews.js';
import { formatCount } from '../format/plural.js';

function requirePacker(node: NodeGroup): void {
  // Bad usage (exit 2), checked for every group before anything is written or run.
  if (node.merged.packer === false) throw usageError('packer.disabled', `group "${node.name}" sets "packer": false: it has no image to build`);
}

export const packerRun = defineAction({
  name: 'packer:run',
  summary: 'build the group image: packer build -machine-readable packer/G.json, streamed; prints the AMI id',
  description:
    'Writes packer/G.json first when it is missing or stale, then runs `packer build -machine-readable` in the folder of nodes.json (PACKER_BIN overrides the binary). With --endpoint (or AWS_ENDPOINT_URL) packer talks to the same EC2 endpoint (template variable aws_endpoint). In the sandbox the build is simulated and registers an AMI in the sandbox. Ctrl-C sends SIGINT to packer, which cleans up; it is killed after a grace period.',
  groups: 'required',
  requires: IMAGE_REQUIREMENTS,
  usesAws: true,
  locks: 'groups',
  flags: {
    'grace-period': {
      type: 'number',
      ...RANGES.seconds,
      placeholder: 'SECONDS',
      default: 60,
      description: 'after ctrl-c, how long packer may clean up before it is killed',
    },
  },
  async run(ctx, groups, flags) {
    const results: { group: string; artifacts: string[]; images: { region: string; imageId: string }[]; simulated: boolean }[] = [];
    for (const name of groups) requirePacker(groupOf(ctx.config, name));
    // Every template is rendered before the first is written or built: a bad group stops the run before it starts.
    const { chefStepsOf, planFiles, renderPacker } = await import('../generate/index.js');
    const chef = chefStepsOf(ctx.config);
    const templates = new Map(groups.map((name) => [name, planFiles(ctx.config, [renderPacker(ctx.config, groupOf(ctx.config, name), chef)])]));
    const broken: { group: string; message: string }[] = [];
    for (const name of groups) {
      try {
        results.push(await buildGroup(ctx, name, templates.get(name)!, flags['grace-period']));
      } catch (error) {
        // One group's failed build is reported against it; the next group is still built (a cancel stops them all).
        if (groups.length === 1 || ctx.signal.aborted) throw error;
        ctx.emit.warn(`build failed: ${messageOf(error)}`, { group: name });
        broken.push({ group: name, message: messageOf(error) });
      }
    }
    ctx.emit.result(
      { builds: results, failed: broken },
      results.map((r) => `${r.group}: ${r.artifacts.join(', ') || 'no artifact'}${r.simulated ? ' (simulated, sandbox)' : ''}`).join('\n'),
    );
    if (broken.length > 0) {
      throw new HangarError(
        'packer.run',
        `packer:run failed for ${broken.map((b) => b.group).join(', ')}${results.length ? ' (the other groups were built)' : ''}`,
        {
          details: broken.map((b) => `${b.group}: ${b.message}`),
        },
      );
    }
  },
});

/** Builds one group's image with the runtime's builder (packer, or a simulation). */
async function buildGroup(ctx: ActionContext, name: string, planned: PlannedFile[], gracePeriod: number) {
  const { applyPlan } = await import('../generate/index.js');
  const node = groupOf(ctx.config, name);
  const scope = { group: name };
  for (const path of applyPlan(ctx.config, planned)) ctx.emit.log(`wrote ${path} (it was missing or stale)`, scope);
  const io = { emit: ctx.emit, signal: ctx.signal, scope, graceMs: gracePeriod * 1000 };
  const summary = await ctx.backends.buildImage({ node, dir: ctx.config.dir, template: packerPath(ctx.config, name) }, io);
  const images = summary.images;
  if (images.length === 0) ctx.emit.warn(`packer finished without an AMI artifact (artifacts: ${summary.artifactIds.join(', ') || 'none'})`, scope);
  return { group: name, artifacts: summary.artifactIds, images, simulated: ctx.backends.simulated };
}

const concurrencyFlag = {
  type: 'number',
  integer: true,
  min: 1,
  max: 64,
  default: 8,
  placeholder: 'N',
  description: 'AMIs deregistered at once',
} as const;

export const packerClean = defineAction({
  name: 'packer:clean',
  summary: 'keep the newest N AMIs of the group (-n, default 10); deregister the rest and delete their snapshots, never one in use',
  description:
    "Among the AMIs tagged group=G (owned by this account), keeps the newest N by creation date and deregisters the others, deleting their EBS snapshots. An AMI used by an instance (any state but terminated), by a launch template's default or latest version, or by an ASG is kept, and listed with the reason. --dry-run lists what would go. One failed deregistration does not stop the others; the exit code is 1 if any failed.",
  groups: 'required',
  requires: ['region'],
  usesAws: true,
  destructive: (input) => !input.flags['dry-run'],
  destructiveWhen: 'unless --dry-run',
  locks: (flags) => (flags['dry-run'] ? undefined : 'groups'),
  flags: {
    keep: {
      type: 'number',
      short: 'n',
      integer: true,
      min: 0,
      max: 100_000,
      default: 10,
      placeholder: 'N',
      description: 'how many of the newest AMIs to keep',
    },
    'dry-run': { type: 'boolean', description: 'list what would be deregistered; change nothing' },
    concurrency: concurrencyFlag,
  },
  preview: previewClean,
  async run(ctx, groups, flags) {
    const { planClean } = await import('../images/clean.js');
    const summaries: Record<string, unknown> = {};
    let failures = 0;
    const broken: string[] = [];
    for (const name of groups) {
      const node = groupOf(ctx.config, name);
      const scope = { group: name };
      // Each group on its own: one group's failure is reported against it, and the next group is cleaned.
      let found: Awaited<ReturnType<typeof imagesAndUsage>>;
      try {
        found = await imagesAndUsage(ctx, node, flags.concurrency);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const { explainAwsError } = await import('../aws/errors.js');
        const message = messageOf(explainAwsError(error));
        ctx.emit.warn(`skipped: ${message}`, scope);
        summaries[name] = { error: message };
        broken.push(name);
        continue;
      }
      const { region, images, usage } = found;
      const plan = planClean(images, flags.keep, usage);
      ctx.emit.log(
        `${formatCount(images.length, 'AMI')} in ${region}: keeping the newest ${plan.keep.length}, ${plan.spared.length} more in use, ${plan.remove.length} to deregister`,
        scope,
      );
      for (const { image, reasons } of plan.spared) ctx.emit.log(`kept ${image.id} (${image.name}): in use by ${reasons.join('; ')}`, scope);
      const summary = {
        region,
        kept: plan.keep.map((i) => i.id),
        inUse: plan.spared.map(({ image, reasons }) => ({ id: image.id, reasons })),
        removed: [] as string[],
        failed: [] as { id: string; error: string }[],
        wouldRemove: flags['dry-run'] ? plan.remove.map((i) => i.id) : undefined,
      };
      summaries[name] = summary;
      if (flags['dry-run']) {
        for (const image of plan.remove)
          ctx.emit.log(`would deregister ${image.id} (${image.name}, ${image.creationDate}) and ${formatCount(image.snapshotIds.length, 'snapshot')}`, scope);
        continue;
      }
      const outcome = await deleteWithProgress(ctx, region, plan.remove, flags.concurrency, scope);
      summary.removed = outcome.deleted.map((i) => i.id);
      summary.failed = outcome.failed.map(({ image, error }) => ({ id: image.id, error: error.message }));
      failures += outcome.failed.length;
      ctx.emit.log(
        `deregistered ${formatCount(outcome.deleted.length, 'AMI')}${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}${outcome.skipped.length ? `, ${outcome.skipped.length} not tried (cancelled)` : ''}`,
        scope,
      );
    }
    ctx.emit.result({ groups: summaries }, undefined);
    if (broken.length > 0) {
      throw new HangarError(
        'packer.clean',
        `packer:clean failed for ${broken.join(', ')}${broken.length < groups.length ? ` (the other groups were cleaned)` : ''}${failures ? `; ${formatCount(failures, 'AMI')} could not be deregistered` : ''}`,
        {
          hint: 'see the warnings above for each group',
        },
      );
    }
    if (failures > 0)
      throw new HangarError('packer.clean', `${formatCount(failures, 'AMI')} could not be deregistered`, {
        hint: 'see the warnings above; run packer:clean again to retry',
      });
  },
});

export const packerDelete = defineAction({
  name: 'packer:delete',
  summary: 'deregister every AMI of the group, delete their snapshots and packer/G.json (nothing else)',
  description:
    'Deregisters every AMI tagged group=G and deletes its snapshots, then removes packer/G.json. It touches no ASG, launch template or other file. It refuses when an AMI is in use (instance, launch template default/latest version, ASG) unless --force.',
  groups: 'required',
  requires: ['region'],
  usesAws: true,
  destructive: true,
  locks: 'groups',
  flags: {
    force: { type: 'boolean', description: 'also deregister AMIs that are in use' },
    concurrency: concurrencyFlag,
  },
  preview: previewDelete,
  async run(ctx, groups, flags) {
    const { imagesInUse } = await import('../images/clean.js');
    const summaries: Record<string, unknown> = {};
    let failures = 0;
    // Check every group before deleting anything: a refusal leaves all of them untouched.
    const prepared = [];
    for (const name of groups) {
      const node = groupOf(ctx.config, name);
      const found = await imagesAndUsage(ctx, node, flags.concurrency);
      const inUse = imagesInUse(found.images, found.usage);
      for (const { image, reasons } of inUse) ctx.emit.log(`${image.id} (${image.name}) is in use by ${reasons.join('; ')}`, { group: name });
      if (inUse.length && !flags.force) {
        throw new HangarError(
          'packer.in-use',
          `${formatCount(inUse.length, 'AMI')} of ${name} ${inUse.length === 1 ? 'is' : 'are'} in use: nothing was deleted`,
          {
            hint: `free them first (or pass --force): hangar packer:delete ${name} --force`,
          },
        );
      }
      prepared.push({ name, ...found });
    }
    for (const { name, region, images } of prepared) {
      const scope = { group: name };
      const outcome = await deleteWithProgress(ctx, region, images, flags.concurrency, scope);
      failures += outcome.failed.length;
      const file = packerPath(ctx.config, name);
      let removedFile = false;
      if (outcome.failed.length === 0 && outcome.skipped.length === 0) {
        try {
          rmSync(join(ctx.config.dir, file));
          removedFile = true;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
      ctx.emit.log(
        `deregistered ${formatCount(outcome.deleted.length, 'AMI')}${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}; ${removedFile ? `removed ${file}` : `${file} ${outcome.failed.length ? 'kept (some AMIs remain)' : 'did not exist'}`}`,
        scope,
      );
      summaries[name] = {
        region,
        removed: outcome.deleted.map((i) => i.id),
        failed: outcome.failed.map(({ image, error }) => ({ id: image.id, error: error.message })),
        file: removedFile ? file : null,
      };
    }
    ctx.emit.result({ groups: summaries }, undefined);
    if (failures > 0)
      throw new HangarError('packer.delete', `${formatCount(failures, 'AMI')} could not be deregistered`, {
        hint: 'see the warnings above; run packer:delete again',
      });
  },
});

export const packerActions: AnyAction[] = [packerRun, packerClean, packerDelete];
