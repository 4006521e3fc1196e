// packer:clean and packer:delete's AWS side: a group's AMIs and which are in use, and deregistering with progress.
import type { ImageRecord } from '../aws/images.js';
import type { NodeGroup } from '../config/index.js';
import { HangarError } from '../errors.js';
import type { Scope } from '../jobs/events.js';
import type { ActionContext } from './types.js';
import { formatCount } from '../format/plural.js';

/**
 * Images of `name` in its region and the region's AMIs in use. A launch template whose versions cannot be read
 * fails only its own group (its AMIs in use are unknown); another group's unreadable template is a warning.
 */
export async function imagesAndUsage(ctx: ActionContext, node: NodeGroup, concurrency: number) {
  const { listGroupImages } = await import('../aws/images.js');
  const { findImagesInUse } = await import('../images/usage.js');
  const region = node.merged.region!;
  const images = await listGroupImages(ctx.backends.aws, region, [node.name], ctx.signal);
  const problems: import('../images/usage.js').UsageProblem[] = [];
  const usage = images.length ? await findImagesInUse(ctx.backends.aws, region, ctx.signal, concurrency, problems) : new Map<string, string[]>();
  const own = problems.filter((p) => p.group === node.name);
  if (own.length > 0) {
    throw new HangarError(
      'packer.usage',
      `cannot tell which AMIs of ${node.name} are in use: ${own.map((p) => `launch template ${p.template}: ${p.error}`).join('; ')}; nothing of ${node.name} was deregistered`,
      {
        hint: `inspect it with: aws ec2 describe-launch-template-versions --launch-template-name ${own[0]!.template}`,
      },
    );
  }
  for (const p of problems)
    ctx.emit.warn(`launch template ${p.template}${p.group ? ` (group ${p.group})` : ''} could not be read, the AMIs it uses are unknown: ${p.error}`, {
      group: node.name,
    });
  return { region, images, usage };
}

/**
 * Deregisters images (and their snapshots) with bounded concurrency, reporting `done/total`
 * about 20 times over a long run (a line per AMI of 1,000 would flood the CLI) and each failure.
 */
export async function deleteWithProgress(ctx: ActionContext, region: string, images: readonly ImageRecord[], concurrency: number, scope: Scope) {
  const { deleteImages } = await import('../images/clean.js');
  const step = Math.max(1, Math.floor(images.length / 20));
  let done = 0;
  return deleteImages(ctx.backends.aws, region, images, {
    concurrency,
    signal: ctx.signal,
    onImage: (image, error) => {
      if (error) ctx.emit.warn(`failed to deregister ${image.id}: ${error.message}`, scope);
      else ctx.emit.debug(`deregistered ${image.id} and ${formatCount(image.snapshotIds.length, 'snapshot')}`, scope);
      done++;
      if (done % step === 0 || done === images.length) ctx.emit.progress(done, images.length, 'deregistered', scope);
    },
  });
}
