// Decide which AMIs go (keep the newest N, spare those in use), then deregister them and delete their snapshots, bounded.
import pLimit from 'p-limit';
import type { AwsTarget } from '../aws/target.js';
import type { HangarError } from '../errors.js';
import { ec2Clients } from '../aws/clients.js';
import { explainAwsError } from '../aws/errors.js';
import { type ImageRecord, byNewest } from '../aws/images.js';
import type { ImageUsage } from './usage.js';

export interface CleanPlan {
  /** The newest N. */
  keep: ImageRecord[];
  /** Older than the newest N but in use: kept, with why. */
  spared: { image: ImageRecord; reasons: string[] }[];
  /** To deregister. */
  remove: ImageRecord[];
}

/** Keeps the newest `keepCount` by creation date; of the rest, spares what is in use and removes the others. */
export function planClean(images: readonly ImageRecord[], keepCount: number, usage: ImageUsage): CleanPlan {
  const sorted = [...images].sort(byNewest);
  const plan: CleanPlan = { keep: sorted.slice(0, keepCount), spared: [], remove: [] };
  for (const image of sorted.slice(keepCount)) {
    const reasons = usage.get(image.id);
    if (reasons?.length) plan.spared.push({ image, reasons });
    else plan.remove.push(image);
  }
  return plan;
}

/** Images of `images` in use, with why (for packer:delete). */
export function imagesInUse(images: readonly ImageRecord[], usage: ImageUsage): { image: ImageRecord; reasons: string[] }[] {
  return images.filter((i) => usage.get(i.id)?.length).map((image) => ({ image, reasons: usage.get(image.id)! }));
}

export interface DeleteOutcome {
  deleted: ImageRecord[];
  failed: { image: ImageRecord; error: HangarError }[];
  /** Not attempted because the job was cancelled. */
  skipped: ImageRecord[];
}

export interface DeleteOptions {
  /** Images handled at once (default 8). */
  concurrency?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called as each image is done (or failed). */
  onImage?: (image: ImageRecord, error: HangarError | undefined) => void;
}

/**
 * Deregisters each image, then deletes its EBS snapshots; images run concurrently, at most
 * `concurrency` at once. One failure does not stop the others; a cancel stops starting new ones.
 */
export async function deleteImages(aws: AwsTarget, region: string, images: readonly ImageRecord[], settings: DeleteOptions = {}): Promise<DeleteOutcome> {
  const outcome: DeleteOutcome = { deleted: [], failed: [], skipped: [] };
  if (images.length === 0) return outcome;
  const { ec2, endpoint } = await ec2Clients(aws, region);
  const { DeregisterImageCommand, DeleteSnapshotCommand } = await import('../aws/sdk-ec2.js');
  const limit = pLimit(Math.max(1, settings.concurrency ?? 8));
  const send = { ...(settings.signal ? { abortSignal: settings.signal } : {}) };
  await Promise.all(
    images.map((image) =>
      limit(async () => {
        if (settings.signal?.aborted) {
          outcome.skipped.push(image);
          return;
        }
        let call = 'DeregisterImage';
        try {
          await ec2.send(new DeregisterImageCommand({ ImageId: image.id }), send);
          for (const snapshot of image.snapshotIds) {
            call = `DeleteSnapshot ${snapshot}`;
            await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshot }), send);
          }
          outcome.deleted.push(image);
          settings.onImage?.(image, undefined);
        } catch (error) {
          if (settings.signal?.aborted) {
            outcome.skipped.push(image);
            return;
          }
          const explained = explainAwsError(error, { call, region, endpoint });
          outcome.failed.push({ image, error: explained });
          settings.onImage?.(image, explained);
        }
      }),
    ),
  );
  outcome.deleted.sort(byNewest);
  return outcome;
}
