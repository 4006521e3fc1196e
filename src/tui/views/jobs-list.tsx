// The jobs pane's rows: this run's jobs (id, state, action and groups, progress, duration), then earlier runs, dimmed.
import { fitMiddle } from '../../format/fit-middle.js';
import { Text } from 'ink';
import type { HistoryRecord } from '../../history/record.js';
import type { Job, JobState } from '../../jobs/job.js';
import { formatDuration } from '../../format/time.js';
import type { Theme } from '../theme.js';
import { activityOf, secondsLeft } from '../store/job-activity.js';
import { useTheme } from './theme-context.js';

const MARK: Record<JobState, string> = { running: '…', succeeded: '✓', failed: '✗', cancelled: '⊘' };

/** A running job's mark turns: one frame per SPINNER_MS (the jobs list's only timer while something runs). */
export const SPINNER_MS = 250;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const markOf = (state: JobState, now: number) => (state === 'running' ? SPINNER[Math.floor(now / SPINNER_MS) % SPINNER.length]! : MARK[state]);

/** A group name of at most 12 columns, cut in the middle so both ends stay readable (the log pane shows it whole). */
const shortened = (name: string) => fitMiddle(name, 12);

/** What a running job is at: the current group's progress (`api 3/9` in a multi-group job) and a countdown (`⏱27s`). */
function progressOf(job: Job, now: number): string {
  if (job.state !== 'running') return '';
  const activity = activityOf(job);
  const group = activity?.group;
  const own = group !== undefined && job.groups.length > 1 ? activity?.byGroup.get(group) : undefined;
  const progress = own ? `${shortened(group!)} ${own.current}/${own.total} ` : job.progress ? `${job.progress.current}/${job.progress.total} ` : '';
  const left = secondsLeft(activity, now);
  return `${progress}${left === undefined ? '' : `⏱${left}s `}`;
}

function toneOf(theme: Theme, state: JobState): string | undefined {
  return state === 'succeeded' ? theme.ok : state === 'failed' ? theme.error : state === 'cancelled' ? theme.warn : theme.accent;
}

export interface JobsListProps {
  jobs: readonly Job[];
  /** Runs of earlier sessions, newest first, listed below `jobs`. */
  earlier?: readonly HistoryRecord[];
  cursor: number;
  rows: number;
  active: boolean;
  now: number;
  width: number;
}

/** One job as a row: `#3 ✓ packer:create 12_04-bee  2/4 0.3s` (`number`: its place in the jobs pane). */
export function jobSummary(job: Job, number: number, now: number): { head: string; tail: string } {
  const tail = `${progressOf(job, now)}${formatDuration((job.endedAt ?? now) - job.startedAt)}`;
  return { head: `#${number} ${markOf(job.state, now)} ${job.label}`, tail };
}

const RECORD_MARK: Record<HistoryRecord['state'], string> = { succeeded: '✓', failed: '✗', cancelled: '⊘', interrupted: '!' };

/** An earlier run as a row: `· ! autoscale:update web` and when and by whom. */
export function recordSummary(record: HistoryRecord): { head: string; tail: string } {
  const when = record.start.slice(5, 16).replace('T', ' ');
  return { head: `· ${RECORD_MARK[record.state]} ${[record.action, ...record.groups].join(' ')}`, tail: `${when} ${record.by.split('@')[0]}` };
}

function fit(head: string, tail: string, width: number): string {
  // The tail stays visible: the label gives way.
  const room = Math.max(4, width - tail.length - 1);
  return head.length > room ? `${head.slice(0, room - 1)}…` : head.padEnd(room);
}

export function JobsList({ jobs, earlier = [], cursor, rows, active, now, width }: JobsListProps) {
  const theme = useTheme();
  if (jobs.length === 0 && earlier.length === 0) {
    return (
      <Text color={theme.muted} wrap="truncate-end">
        no jobs yet: press : to run one
      </Text>
    );
  }
  const total = jobs.length + earlier.length;
  const first = Math.max(0, Math.min(cursor - rows + 1, total - rows));
  const rowsShown = Array.from({ length: Math.min(rows, total - first) }, (_, i) => first + i);
  return (
    <>
      {rowsShown.map((index) => {
        const focused = index === cursor;
        const job = jobs[index];
        if (job) {
          const { head, tail } = jobSummary(job, index + 1, now);
          return (
            <Text key={`job-${job.id}`} wrap="truncate-end" inverse={focused && active} underline={focused && !active}>
              <Text color={toneOf(theme, job.state)}>{fit(head, tail, width)}</Text>
              <Text color={theme.muted}> {tail}</Text>
            </Text>
          );
        }
        const record = earlier[index - jobs.length]!;
        const { head, tail } = recordSummary(record);
        return (
          <Text key={`run-${record.id}`} wrap="truncate-end" dimColor inverse={focused && active} underline={focused && !active}>
            <Text color={theme.muted}>{fit(head, tail, width)}</Text>
            <Text color={theme.muted}> {tail}</Text>
          </Text>
        );
      })}
    </>
  );
}
