// Scaling activities of an ASG (DescribeScalingActivities): a Failed or Cancelled launch ends a health wait at once.
import type { Activity, AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { sendOptions } from './clients.js';
import type { CallOptions } from './launch-templates.js';

/** The StatusCodes that mean AWS gave up on the activity (it may try again later, but the rollout does not wait). */
const FAILED = new Set(['Failed', 'Cancelled']);

/** A failed activity as the rollout reports it. */
export interface ActivityFailure {
  id: string;
  status: string;
  /** AWS's StatusMessage (its Description when it has none), e.g. "The image id '[ami-1]' does not exist. Launching EC2 instance failed." */
  message: string;
}

/** The newest activities of ASG `name` (one page of at most 100, newest first). */
export async function readActivities(autoscaling: AutoScalingClient, name: string, options: CallOptions = {}): Promise<Activity[]> {
  const { DescribeScalingActivitiesCommand } = await import('./sdk-auto-scaling.js');
  const out = await autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: name, MaxRecords: 100 }), sendOptions(options.signal));
  return out.Activities ?? [];
}

/** The newest Failed/Cancelled activity not in `ignored` (activities that predate the wait, e.g. on --resume); pure. */
export function findFailedActivity(
  activities: readonly Pick<Activity, 'ActivityId' | 'StatusCode' | 'StatusMessage' | 'Description'>[],
  ignored: ReadonlySet<string> = new Set(),
): ActivityFailure | undefined {
  const failed = activities.find((a) => FAILED.has(a.StatusCode ?? '') && !ignored.has(a.ActivityId ?? ''));
  if (!failed) return undefined;
  const message = (failed.StatusMessage ?? '').trim() || (failed.Description ?? '').trim() || 'no reason given';
  return { id: failed.ActivityId ?? '', status: failed.StatusCode ?? 'Failed', message };
}

/** The ids of the ASG's failed activities now: a wait that starts on an existing ASG ignores them. */
export async function failedActivityIds(autoscaling: AutoScalingClient, name: string, options: CallOptions = {}): Promise<Set<string>> {
  const activities = await readActivities(autoscaling, name, options);
  return new Set(activities.filter((a) => FAILED.has(a.StatusCode ?? '')).map((a) => a.ActivityId ?? ''));
}
