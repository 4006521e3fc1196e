// What a destructive action would do, worked out like its dry run and changing nothing: the confirmation shows it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { groupOf } from '../config/index.js';
import { formatCount } from '../format/plural.js';
import { packerPath } from '../generate/paths.js';
import { imagesAndUsage } from './packer-usage.js';
import type { ActionContext, PreviewLine } from './types.js';

const header = (text: string): PreviewLine => ({ text });

/** packer:clean: per group, each AMI that goes, and each kept with why (one of the newest N, or in use by what). */
export async function previewClean(ctx: ActionContext, groups: string[], flags: { keep: number; concurrency: number }): Promise<PreviewLine[]> {
  const { planClean } = await import('../images/clean.js');
  const lines: PreviewLine[] = [];
  for (const name of groups) {
    const { region, images, usage } = await imagesAndUsage(ctx, groupOf(ctx.config, name), flags.concurrency);
    const plan = planClean(images, flags.keep, usage);
    lines.push(
      header(`${name} (${region}): ${formatCount(images.length, 'AMI')}: ${plan.remove.length} deregistered, ${plan.keep.length + plan.spared.length} kept`),
    );
    for (const image of plan.remove) {
      lines.push({
        text: `  deregister ${image.id} (${image.creationDate}, ${formatCount(image.snapshotIds.length, 'snapshot')}) ${image.name}`,
        tone: 'remove',
      });
    }
    // The reason before the name: a narrow screen cuts the name, never why it stays.
    for (const image of plan.keep) lines.push({ text: `  keep ${image.id}: one of the newest ${flags.keep} (${image.name})`, tone: 'keep' });
    for (const { image, reasons } of plan.spared) lines.push({ text: `  keep ${image.id}: in use by ${reasons.join('; ')} (${image.name})`, tone: 'keep' });
  }
  return lines;
}

/** packer:delete: per group, every AMI (those in use marked: refused without --force) and the template file. */
export async function previewDelete(ctx: ActionContext, groups: string[], flags: { force?: boolean | undefined; concurrency: number }): Promise<PreviewLine[]> {
  const { imagesInUse } = await import('../images/clean.js');
  const lines: PreviewLine[] = [];
  for (const name of groups) {
    const { region, images, usage } = await imagesAndUsage(ctx, groupOf(ctx.config, name), flags.concurrency);
    const inUse = new Map(imagesInUse(images, usage).map(({ image, reasons }) => [image.id, reasons]));
    const file = packerPath(ctx.config, name);
    lines.push(header(`${name} (${region}): ${formatCount(images.length, 'AMI')} deregistered with their snapshots, then ${file} removed`));
    if (inUse.size > 0 && !flags.force) {
      lines.push({
        text: `  refused: ${formatCount(inUse.size, 'AMI')} in use (--force deregisters them anyway); nothing of any group is deleted`,
        tone: 'warn',
      });
    }
    for (const image of images) {
      const reasons = inUse.get(image.id);
      lines.push({ text: `  deregister ${image.id}${reasons ? `: in use by ${reasons.join('; ')}` : ''} (${image.name})`, tone: 'remove' });
    }
    lines.push({ text: `  remove ${file}${existsSync(join(ctx.config.dir, file)) ? '' : ' (does not exist)'}`, tone: 'remove' });
  }
  return lines;
}

/** autoscale:update: per group, the ASG retired and the one that replaces it, with their capacity. */
export async function previewUpdate(ctx: ActionContext, groups: string[], flags: { strategy: string; resume?: boolean | undefined }): Promise<PreviewLine[]> {
  const { targetOf } = await import('../rollout/prepare.js');
  const { listGroupAsgs } = await import('../aws/asg.js');
  const lines: PreviewLine[] = [];
  for (const name of groups) {
    const target = await targetOf(ctx, name);
    const asgs = await listGroupAsgs(target.clients.autoscaling, name, { signal: ctx.signal });
    const capacity = (a: (typeof asgs)[number]) => `desired ${a.DesiredCapacity ?? '?'}, min ${a.MinSize ?? '?'}, max ${a.MaxSize ?? '?'}`;
    const [newest, ...older] = asgs;
    if (!newest) {
      lines.push({ text: `${name}: no ASG to update (autoscale:run creates one); nothing changes`, tone: 'warn' });
    } else if (flags.strategy === 'refresh') {
      lines.push(header(`${name}: instance refresh of ${newest.AutoScalingGroupName} (${capacity(newest)}), instances replaced in place`));
    } else if (flags.resume && older.length > 0) {
      lines.push({ text: `${name}: keep ${newest.AutoScalingGroupName} (${capacity(newest)}) once healthy`, tone: 'keep' });
      for (const old of older) lines.push({ text: `  retire ${old.AutoScalingGroupName} (${capacity(old)})`, tone: 'remove' });
    } else if (older.length > 0) {
      lines.push({ text: `${name}: ${asgs.length} ASGs exist (an interrupted update?): refused without --resume`, tone: 'warn' });
    } else {
      const desired = newest.DesiredCapacity ?? target.settings.desired;
      lines.push(header(`${name}:`));
      lines.push({
        text: `  new ${name}-<timestamp> from the newest AMI: desired ${desired}, min ${target.settings.min}, max ${target.settings.max}`,
        tone: 'change',
      });
      lines.push({ text: `  retire ${newest.AutoScalingGroupName} (${capacity(newest)}) once the new one is healthy`, tone: 'remove' });
    }
  }
  return lines;
}

/** instance:deploy: how many running hosts of which groups are provisioned again. */
export async function previewDeploy(
  ctx: ActionContext,
  groups: string[],
  flags: { public?: boolean | undefined; concurrency: number },
): Promise<PreviewLine[]> {
  const { discoverTargets } = await import('../deploy/targets.js');
  const targets = await discoverTargets(ctx.backends.aws, ctx.config, { groups, public: Boolean(flags.public), signal: ctx.signal });
  const counts = new Map<string, number>();
  for (const target of targets) counts.set(target.group, (counts.get(target.group) ?? 0) + 1);
  return [
    header(`${formatCount(targets.length, 'running host')} in ${formatCount(groups.length, 'group')} provisioned again, ${flags.concurrency} at a time`),
    ...groups.map((group) => ({ text: `  ${group}: ${formatCount(counts.get(group) ?? 0, 'host')}`, tone: 'change' as const })),
  ];
}
