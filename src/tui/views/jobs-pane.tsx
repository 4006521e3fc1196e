// The jobs pane and the focused job's log, connected; the log re-renders on the batched jobs version only.
import { Box, Text } from 'ink';
import { recordDetailLines } from '../../history/format.js';
import type { Job } from '../../jobs/job.js';
import { logWindow } from '../content/log-lines.js';
import type { Layout } from '../layout.js';
import { activityOf, groupProgressLine, secondsLeft } from '../store/job-activity.js';
import { JobsList, type JobsListProps, SPINNER_MS } from './jobs-list.js';
import { LinesPane } from './lines-pane.js';
import { PaneBox } from './pane-box.js';
import { readerNote } from './reader-note.js';
import { useTheme } from './theme-context.js';
import { useClock } from './clock.js';
import { useSlice, useWorkbench } from './workbench-context.js';

export function JobsPane({ layout }: { layout: Layout }) {
  const jobs = useSlice((s) => s.jobs);
  const active = useSlice((s) => s.focus === 'jobs' && s.view === 'main');
  const running = jobs.list.filter((job) => job.state === 'running').length;
  return (
    <Box height={layout.bottomRows}>
      <PaneBox
        title={`jobs ${jobs.list.length}`}
        note={running ? `${running} running` : jobs.earlier.length ? `${jobs.earlier.length} earlier` : ''}
        width={layout.leftWidth}
        height={layout.bottomRows}
        focused={active}
      >
        <LiveJobsList jobs={jobs.list} earlier={jobs.earlier} cursor={jobs.cursor} rows={layout.jobRows} active={active} width={layout.leftInner} />
      </PaneBox>
      <LogPane width={layout.rightWidth} height={layout.bottomRows} rows={layout.logRows} />
    </Box>
  );
}

/** The list on the shared clock: while a job runs only the list re-renders on each spinner frame, not the log. */
function LiveJobsList(props: Omit<JobsListProps, 'now'>) {
  const running = props.jobs.some((job) => job.state === 'running');
  useClock(SPINNER_MS, running);
  return <JobsList {...props} now={Date.now()} />;
}

/** A running job's line above its log: the timed wait's countdown and, for several groups, each group's progress. */
function ActivityLine({ job }: { job: Job }) {
  const theme = useTheme();
  useClock(1000, job.state === 'running');
  const activity = activityOf(job);
  const left = secondsLeft(activity, Date.now());
  const wait = left === undefined || !activity?.wait ? '' : `⏱ ${activity.wait.label}: ${left} s left`;
  const groups = job.groups.length > 1 ? groupProgressLine(job.groups, activity) : '';
  return (
    <Text color={theme.accent} wrap="truncate-end">
      {[groups, wait].filter(Boolean).join('  ') || ' '}
    </Text>
  );
}

const showsActivity = (job: Job) => job.state === 'running' && (job.groups.length > 1 || activityOf(job)?.wait !== undefined);

export function LogPane({ width, height, rows, focused = false }: { width: number; height: number; rows: number; focused?: boolean }) {
  const { debug } = useWorkbench();
  const jobs = useSlice((s) => s.jobs);
  const mode = useSlice((s) => s.reading.log);
  const search = useSlice((s) => (s.search?.target === 'log' ? s.search : undefined));
  const job = jobs.list[jobs.cursor];
  const record = jobs.earlier[jobs.cursor - jobs.list.length];
  if (!job && record) {
    // An earlier run: its history record (enter maximises it).
    const lines = recordDetailLines(record).map((text, i) => ({ text, tone: i === 0 ? ('accent' as const) : ('plain' as const) }));
    return <LinesPane title={`run ${record.action}`} note="from the history" lines={lines} rows={rows} width={width} height={height} focused={focused} />;
  }
  if (!job) {
    return (
      <PaneBox title="log" width={width} height={height} focused={focused}>
        {null}
      </PaneBox>
    );
  }
  const activity = showsActivity(job);
  const logRows = activity ? rows - 1 : rows;
  const window = logWindow(job, logRows, jobs.follow, jobs.top, debug, mode.wrap ? width - 2 : undefined);
  const dropped = window.total - window.kept;
  // n/N carry a log search over to another job: its matches show there too.
  const query = search?.query;
  const note = [readerNote(mode, query), jobs.follow ? 'following' : `line ${window.top + 1}/${window.total}`, dropped ? `${dropped} dropped` : '', 'f follow']
    .filter(Boolean)
    .join(' · ');
  return (
    <LinesPane
      title={`log #${jobs.cursor + 1} ${job.action.name}`}
      note={note}
      lines={window.lines}
      rows={logRows}
      width={width}
      height={height}
      focused={focused}
      highlight={query}
      hscroll={mode.wrap ? 0 : mode.hscroll}
      above={activity ? <ActivityLine job={job} /> : undefined}
    />
  );
}
