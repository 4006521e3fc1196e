// The jobs pane's rows: id, state, action and groups, progress, duration.
import { Text } from 'ink';
import type { Job, JobState } from '../../jobs/job.js';
import { formatDuration } from '../content/format.js';
import type { Theme } from '../theme.js';
import { useTheme } from './theme-context.js';

const MARK: Record<JobState, string> = { running: '…', succeeded: '✓', failed: '✗', cancelled: '⊘' };

function toneOf(theme: Theme, state: JobState): string | undefined {
  return state === 'succeeded' ? theme.ok : state === 'failed' ? theme.error : state === 'cancelled' ? theme.warn : theme.accent;
}

export interface JobsListProps {
  jobs: readonly Job[];
  cursor: number;
  rows: number;
  active: boolean;
  now: number;
  width: number;
}

/** One job as a row: `#3 ✓ packer:create 12_04-bee  2/4 0.3s` (`number`: its place in the jobs pane). */
export function jobSummary(job: Job, number: number, now: number): { head: string; tail: string } {
  const progress = job.progress && job.state === 'running' ? `${job.progress.current}/${job.progress.total} ` : '';
  const tail = `${progress}${formatDuration((job.endedAt ?? now) - job.startedAt)}`;
  return { head: `#${number} ${MARK[job.state]} ${job.label}`, tail };
}

export function JobsList({ jobs, cursor, rows, active, now, width }: JobsListProps) {
  const theme = useTheme();
  if (jobs.length === 0) {
    return (
      <Text color={theme.muted} wrap="truncate-end">
        no jobs yet: press : to run one
      </Text>
    );
  }
  const first = Math.max(0, Math.min(cursor - rows + 1, jobs.length - rows));
  return (
    <>
      {jobs.slice(first, first + rows).map((job, i) => {
        const { head, tail } = jobSummary(job, first + i + 1, now);
        // The duration stays visible: the label gives way.
        const room = Math.max(4, width - tail.length - 1);
        const shown = head.length > room ? `${head.slice(0, room - 1)}…` : head.padEnd(room);
        const focused = first + i === cursor;
        return (
          <Text key={job.id} wrap="truncate-end" inverse={focused && active} underline={focused && !active}>
            <Text color={toneOf(theme, job.state)}>{shown}</Text>
            <Text color={theme.muted}> {tail}</Text>
          </Text>
        );
      })}
    </>
  );
}
