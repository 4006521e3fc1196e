// What the reader reads for a target: the focused job's log or the detail pane's rows (wrapped when wrap is on).
import { detailLines } from '../../content/detail-lines.js';
import type { Line } from '../../content/lines.js';
import { logTexts } from '../../content/log-lines.js';
import type { Layout } from '../../layout.js';
import type { WorkbenchState } from '../../store/store.js';
import type { DetailView, ReadTarget } from '../../store/types.js';
import type { Config } from '../../../config/index.js';
import { focusedGroup } from '../group-list/group-list-reducer.js';
import { wrapLines } from './reader-reducer.js';

/** What the reader's keys apply to now: the log when the jobs pane is focused or the log maximised, the detail pane when focused. */
export function readTargetOf(state: WorkbenchState): ReadTarget | undefined {
  if (state.view !== 'main') return undefined;
  if (state.jobs.maximised || state.focus === 'jobs') return 'log';
  return state.focus === 'detail' ? 'detail' : undefined;
}

/** The detail pane's rows: a group's view, wrapped to `width` when `wrap`. */
export function detailRows(config: Config, name: string | undefined, view: DetailView, epoch: number, wrap: boolean, width: number): Line[] {
  const lines = detailLines(config, name, view, epoch);
  return wrap ? wrapLines(lines, width) : lines;
}

/** The detail pane's rows as shown now. */
export function detailRowsOf(state: WorkbenchState, layout: Layout): Line[] {
  return detailRows(state.config, focusedGroup(state.list), state.detail.view, state.jobs.finished, state.reading.detail.wrap, layout.rightInner);
}

/** The searchable texts of a target with their positions (absolute event index, or detail row). */
export function readableTexts(state: WorkbenchState, layout: Layout, target: ReadTarget, debug: boolean): { index: number; text: string }[] {
  if (target === 'detail') return detailRowsOf(state, layout).map((line, index) => ({ index, text: line.text }));
  const job = state.jobs.list[state.jobs.cursor];
  return job ? logTexts(job, debug) : [];
}

/** Rows the log shows now: all of the body when maximised, else the log pane's. */
export function logRowsOf(state: WorkbenchState, layout: Layout): number {
  return state.jobs.maximised ? layout.maxLogRows : layout.logRows;
}

/** Content columns of the log as shown now. */
export function logWidthOf(state: WorkbenchState, layout: Layout): number {
  return state.jobs.maximised ? layout.fullInner : layout.rightInner;
}
