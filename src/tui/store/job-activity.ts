// What a running job is doing, read from its events as they come: the current group, each group's progress, a timed wait.
import type { JobEvent } from '../../jobs/events.js';
import type { Job } from '../../jobs/job.js';

export interface GroupProgress {
  current: number;
  total: number;
  label?: string | undefined;
  /** The group has its result (it is done). */
  done: boolean;
}

export interface TimedWait {
  label: string;
  /** When the wait ends at the latest (ms). */
  until: number;
  group?: string | undefined;
}

export interface JobActivity {
  /** The group of the latest event that named one. */
  group: string | undefined;
  byGroup: Map<string, GroupProgress>;
  /** The timed wait under way; it ends at the next step, wait, result or error, or at its deadline. */
  wait: TimedWait | undefined;
}

const activities = new WeakMap<Job, JobActivity>();

/** Folds one event into a job's activity (mutates it: the jobs pane re-renders on the batched version anyway). */
export function noteEvent(activity: JobActivity, event: JobEvent): void {
  if (event.group !== undefined) activity.group = event.group;
  if (event.type === 'step' || event.type === 'result' || event.type === 'error' || event.type === 'wait') activity.wait = undefined;
  if (event.type === 'wait') activity.wait = { label: event.label, until: event.at + event.seconds * 1000, group: event.group };
  if (event.group === undefined) return;
  const before = activity.byGroup.get(event.group);
  if (event.type === 'progress')
    activity.byGroup.set(event.group, { current: event.current, total: event.total, label: event.label, done: before?.done ?? false });
  else if (event.type === 'result')
    activity.byGroup.set(event.group, { current: before?.current ?? 0, total: before?.total ?? 0, label: before?.label, done: true });
}

/** Starts following a job's events (call before its first event: startJob emits after a microtask). */
export function trackActivity(job: Job): JobActivity {
  const activity: JobActivity = { group: undefined, byGroup: new Map(), wait: undefined };
  activities.set(job, activity);
  job.subscribe((event) => noteEvent(activity, event));
  return activity;
}

export function activityOf(job: Job): JobActivity | undefined {
  return activities.get(job);
}

/** Seconds left of the job's timed wait at `now`, or undefined when none runs. */
export function secondsLeft(activity: JobActivity | undefined, now: number): number | undefined {
  const wait = activity?.wait;
  if (!wait || now >= wait.until) return undefined;
  return Math.ceil((wait.until - now) / 1000);
}

/** One line of a multi-group job's progress: `web ✓ · api 3/9 · db -` (groups in the job's order). */
export function groupProgressLine(groups: readonly string[], activity: JobActivity | undefined): string {
  return groups
    .map((group) => {
      const p = activity?.byGroup.get(group);
      if (!p) return `${group} -`;
      if (p.done) return `${group} ✓${p.total ? ` ${p.current}/${p.total}` : ''}`;
      return `${group} ${p.current}/${p.total}`;
    })
    .join(' · ');
}
