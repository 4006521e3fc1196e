// Saves a job's log (every kept line) to .hangar/logs/ in one atomic write, for reading or sharing after the run.
import { formatCount } from '../../format/plural.js';
import { join, relative } from 'node:path';
import { writeAtomic } from '../../fs/atomic-write.js';
import { ensureStateDir } from '../../fs/state-dir.js';
import type { Job } from '../../jobs/job.js';
import { logTexts } from '../content/log-lines.js';

/** `20261201-192803`: the UTC start of the job, so runs of earlier sessions are not overwritten. */
const stampOf = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/** The file a job's log is saved to: `<project>/.hangar/logs/<number>-<action>-<start>.log`. */
export function logFileOf(projectDir: string, job: Job, number: number): string {
  const action = job.action.name.replace(/[^A-Za-z0-9_.-]+/g, '-');
  return join(projectDir, '.hangar', 'logs', `${number}-${action}-${stampOf(job.startedAt)}.log`);
}

/** Writes the log of job `number`; returns its path relative to the project and the number of lines. */
export function saveJobLog(projectDir: string, job: Job, number: number, debug: boolean): { path: string; lines: number } {
  ensureStateDir(projectDir);
  const path = logFileOf(projectDir, job, number);
  const lines = logTexts(job, debug).flatMap((t) => t.text.split('\n'));
  const dropped = job.events.total - job.events.length;
  const head = [
    `# hangar: job #${number} ${job.label} (${job.state}), started ${new Date(job.startedAt).toISOString()}`,
    ...(dropped ? [`# the first ${formatCount(dropped, 'event')} ${dropped === 1 ? 'was' : 'were'} dropped from the workbench's buffer`] : []),
  ];
  writeAtomic(path, `${[...head, ...lines].join('\n')}\n`);
  return { path: relative(projectDir, path), lines: lines.length };
}
