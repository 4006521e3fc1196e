// What stopping a running job now would leave behind, in words, from the steps it reached (for the quit confirmation).
import { hangarCommand } from '../format/hangar-command.js';
import type { JobEvent } from './events.js';

export interface RunningJobView {
  action: { name: string };
  groups: readonly string[];
  /** The job's events so far (the tail is enough). */
  events: readonly JobEvent[];
  /** The run's target flags (`--sandbox`, `--endpoint URL`): every command said carries them. */
  targetWords?: readonly string[] | undefined;
}

type Step = Extract<JobEvent, { type: 'step' }>;

/** The latest step of each group. */
function latestSteps(events: readonly JobEvent[]): Map<string, Step> {
  const steps = new Map<string, Step>();
  for (const event of events) if (event.type === 'step' && event.group) steps.set(event.group, event);
  return steps;
}

const finished = (events: readonly JobEvent[], group: string) => events.some((e) => e.type === 'result' && e.group === group);

/** autoscale:update: after the new ASG is healthy a stop leaves two ASGs; before, it rolls back. */
function updateLeftover(job: RunningJobView): string[] {
  const lines: string[] = [];
  for (const [group, step] of latestSteps(job.events)) {
    if (finished(job.events, group)) continue;
    const retiring = step.name.match(/^retire (\S+)/);
    if (retiring) {
      lines.push(
        `${group}: two ASGs will stay (the new one in service, ${retiring[1]} not retired): run \`${hangarCommand(['autoscale:update', group, '--resume', '--yes'], job.targetWords)}\``,
      );
    } else if (/^(launch a new ASG|wait until)/.test(step.name)) {
      lines.push(`${group}: the new ASG is rolled back (deleted) before quitting; the old one stays as it was`);
    }
  }
  return lines;
}

/** Deregistering has begun (a progress event), not only listing. */
const deregistering = (job: RunningJobView) =>
  job.events.some(
    (e) =>
      (e.type === 'progress' && e.label === 'deregistered') ||
      (e.type === 'log' && (/, [1-9]\d* to deregister$/.test(e.message) || e.message.startsWith('deregistered ami-'))),
  );

const byAction: Record<string, (job: RunningJobView) => string[]> = {
  'autoscale:update': updateLeftover,
  'autoscale:run': (job) =>
    job.groups
      .filter((g) => !finished(job.events, g))
      .map((g) => `${g}: an ASG already created stays (see \`${hangarCommand(['autoscale:status', g], job.targetWords)}\`)`),
  'packer:run': (job) =>
    job.groups.filter((g) => !finished(job.events, g)).map((g) => `${g}: packer is stopped and cleans up its build instance; no AMI is registered`),
  'packer:clean': (job) => (deregistering(job) ? ['the AMIs deregistered so far stay deregistered; the others are kept'] : []),
  'packer:delete': (job) => (deregistering(job) ? ['the AMIs deregistered so far stay deregistered; packer files are kept'] : []),
  'instance:deploy': () => ['hosts being provisioned are stopped mid-run; the table says which did not run'],
  'instance:create': (job) =>
    job.groups.map((g) => `${g}: an instance already launched stays (see \`${hangarCommand(['instance:list', g], job.targetWords)}\`)`),
};

/** One line per thing a cancel now would leave (empty when nothing is left half-done). */
export function describeLeftover(job: RunningJobView): string[] {
  return byAction[job.action.name]?.(job) ?? [];
}
