// The status line's word on a job that ended: `✓ #3 packer:run web 12s` (transient), `✗ #4 … failed: why` (stays until seen).
import { formatDuration } from '../../format/time.js';
import { formatError } from '../../errors.js';
import type { Job } from '../../jobs/job.js';
import { redactUrls } from '../../redact.js';
import { NOTICE_MS, type SayOptions } from './message-slice.js';
import type { Message } from './types.js';

export interface Notice {
  text: string;
  level: Message['level'];
  options: SayOptions;
}

/** What to say when job number `number` (its place in the jobs pane) has ended. */
export function noticeOfEnd(job: Job, number: number): Notice {
  const took = formatDuration((job.endedAt ?? Date.now()) - job.startedAt);
  const name = `#${number} ${job.label}`;
  if (job.state === 'failed') {
    return { text: redactUrls(`✗ ${name} failed after ${took}: ${formatError(job.error)}`), level: 'error', options: { sticky: true } };
  }
  if (job.state === 'cancelled') return { text: `⊘ ${name} cancelled after ${took}`, level: 'warn', options: { transientMs: NOTICE_MS } };
  return { text: `✓ ${name} done in ${took}`, level: 'info', options: { transientMs: NOTICE_MS } };
}
