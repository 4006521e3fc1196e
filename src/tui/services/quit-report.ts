// After the workbench closes: waits for the jobs its quit cancelled and prints what they left, as the CLI would.
import { messageOf } from '../../errors.js';
import { formatEvent } from '../../jobs/events.js';
import type { Job } from '../../jobs/job.js';

/** The reason the workbench cancels its jobs with when it closes. */
export const CLOSED_REASON = 'workbench closed';

/** How long the terminal waits for cancelled jobs to clean up (roll back, say what exists) before leaving them. */
export const QUIT_WAIT_MS = 120_000;

const closedBy = (job: Job) => job.signal.aborted && messageOf(job.signal.reason) === CLOSED_REASON;

/**
 * Waits (at most `waitMs`) for the jobs the quit cancelled, then writes, for each, the lines it printed after the
 * cancel: the rollback, "what exists now", the error and the command that finishes it. Nothing when none was running.
 */
export async function reportAfterQuit(jobs: readonly Job[], quitAt: number, write: (text: string) => void, waitMs = QUIT_WAIT_MS): Promise<void> {
  const stopped = jobs.filter((job) => closedBy(job) && (job.endedAt === undefined || job.endedAt >= quitAt));
  if (stopped.length === 0) return;
  const pending = stopped.filter((job) => job.state === 'running');
  if (pending.length)
    write(`hangar: stopping ${pending.map((j) => `#${j.id} ${j.label}`).join(', ')} (cleaning up, at most ${Math.round(waitMs / 1000)} s)...\n`);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(stopped.map((job) => job.done)), new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
  clearTimeout(timer);
  for (const job of stopped) {
    const ended =
      job.state === 'running'
        ? 'is still stopping (it was left running when the workbench exited)'
        : `was ${job.state === 'cancelled' ? 'cancelled' : job.state} when the workbench closed`;
    const lines = [`hangar: #${job.id} ${job.label} ${ended}:`];
    for (const event of job.events.slice()) {
      if (event.at < quitAt || (event.type === 'log' && event.level === 'debug')) continue;
      const text = formatEvent(event);
      if (text !== undefined) lines.push(text);
    }
    if (job.record?.finish) lines.push(`to finish it: ${job.record.finish}`);
    write(`${lines.join('\n')}\n`);
  }
}
