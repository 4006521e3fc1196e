// Turns a finished job (its events, state and error) into a history record: summary, AWS changes, interruption.
import { HangarError, messageOf } from '../errors.js';
import type { JobEvent } from '../jobs/events.js';
import type { HistoryRecord } from './record.js';
import { redactFlags } from './redact.js';

export interface FinishedJob {
  id: string;
  action: string;
  groups: readonly string[];
  flags: Readonly<Record<string, unknown>>;
  state: 'succeeded' | 'failed' | 'cancelled';
  exit: number;
  error: unknown;
  startedAt: number;
  endedAt: number;
  events: readonly JobEvent[];
  by: string;
  from: 'cli' | 'workbench';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** What one result reports as created and deleted, by the shapes hangar's AWS actions give. */
export function changesOf(action: string, data: unknown): { created: string[]; deleted: string[] } {
  const created: string[] = [];
  const deleted: string[] = [];
  if (!isRecord(data)) return { created, deleted };
  if (action === 'autoscale:run' && typeof data.asg === 'string') created.push(`ASG ${data.asg}`);
  if (action === 'autoscale:update') {
    if (typeof data.asg === 'string' && data.resumed === false && Array.isArray(data.retired)) created.push(`ASG ${data.asg}`);
    for (const name of strings(data.retired)) deleted.push(`ASG ${name}`);
    if (typeof data.templateVersion === 'number' && typeof data.asg === 'string') created.push(`launch template version ${data.templateVersion}`);
  }
  if (action === 'packer:run' && Array.isArray(data.builds)) {
    for (const build of data.builds) {
      if (!isRecord(build) || !Array.isArray(build.images)) continue;
      for (const image of build.images) if (isRecord(image) && typeof image.imageId === 'string') created.push(`AMI ${image.imageId}`);
    }
  }
  if ((action === 'packer:clean' || action === 'packer:delete') && isRecord(data.groups)) {
    for (const summary of Object.values(data.groups)) if (isRecord(summary)) for (const id of strings(summary.removed)) deleted.push(`AMI ${id}`);
  }
  if (action === 'instance:create' && typeof data.id === 'string') created.push(`instance ${data.id}`);
  return { created, deleted };
}

/** The command that finishes a run left half-done, when its error says one (`finish it with: hangar ...`). */
export function finishCommandOf(error: unknown): string | undefined {
  const hint = error instanceof HangarError ? error.hint : undefined;
  return hint?.match(/finish it with: (hangar [^(;\n]+?)\s*(?:\(|;|$)/)?.[1];
}

export function summarizeJob(job: FinishedJob): HistoryRecord {
  const results = job.events.filter((e): e is Extract<JobEvent, { type: 'result' }> => e.type === 'result');
  const created: string[] = [];
  const deleted: string[] = [];
  for (const result of results) {
    const changes = changesOf(job.action, result.data);
    created.push(...changes.created);
    deleted.push(...changes.deleted);
  }
  const summary = results
    .map((r) => r.text)
    .filter((t): t is string => Boolean(t))
    .join('\n');
  const finish = job.state === 'succeeded' ? undefined : finishCommandOf(job.error);
  const state = job.state === 'cancelled' && finish ? 'interrupted' : job.state;
  return {
    v: 1,
    id: job.id,
    start: new Date(job.startedAt).toISOString(),
    end: new Date(job.endedAt).toISOString(),
    by: job.by,
    pid: process.pid,
    from: job.from,
    action: job.action,
    groups: [...job.groups],
    flags: redactFlags(job.flags),
    state,
    exit: job.exit,
    ...(summary ? { summary } : {}),
    ...(job.error === undefined ? {} : { error: messageOf(job.error) }),
    ...(created.length ? { created } : {}),
    ...(deleted.length ? { deleted } : {}),
    ...(finish ? { finish } : {}),
  };
}
