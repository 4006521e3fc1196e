// The jobs pane and the focused job's log, connected; the log re-renders on the batched jobs version only.
import { Box } from 'ink';
import { recordDetailLines } from '../../history/format.js';
import { logWindow } from '../content/log-lines.js';
import type { Layout } from '../layout.js';
import { JobsList } from './jobs-list.js';
import { LinesPane } from './lines-pane.js';
import { PaneBox } from './pane-box.js';
import { useNow, useSlice, useWorkbench } from './workbench-context.js';

export function JobsPane({ layout }: { layout: Layout }) {
  const jobs = useSlice((s) => s.jobs);
  const active = useSlice((s) => s.focus === 'jobs' && s.view === 'main');
  const running = jobs.list.some((job) => job.state === 'running');
  const now = useNow(1000, running);
  const done = jobs.list.filter((job) => job.state !== 'running').length;
  return (
    <Box height={layout.bottomRows}>
      <PaneBox
        title={`jobs ${jobs.list.length}`}
        note={running ? `${jobs.list.length - done} running` : jobs.earlier.length ? `${jobs.earlier.length} earlier` : ''}
        width={layout.leftWidth}
        height={layout.bottomRows}
        focused={active}
      >
        <JobsList
          jobs={jobs.list}
          earlier={jobs.earlier}
          cursor={jobs.cursor}
          rows={layout.jobRows}
          active={active}
          now={Math.max(now, Date.now())}
          width={layout.leftInner}
        />
      </PaneBox>
      <LogPane width={layout.rightWidth} height={layout.bottomRows} rows={layout.logRows} />
    </Box>
  );
}

export function LogPane({ width, height, rows, focused = false }: { width: number; height: number; rows: number; focused?: boolean }) {
  const { debug } = useWorkbench();
  const jobs = useSlice((s) => s.jobs);
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
  const window = logWindow(job, rows, jobs.follow, jobs.top, debug);
  const dropped = window.total - window.kept;
  const note = `${jobs.follow ? 'following' : `line ${window.top + 1}/${window.total}`}${dropped ? ` · ${dropped} dropped` : ''} · f follow`;
  return (
    <LinesPane
      title={`log #${jobs.cursor + 1} ${job.action.name}`}
      note={note}
      lines={window.lines}
      rows={rows}
      width={width}
      height={height}
      focused={focused}
    />
  );
}
