// The shapes the workbench store holds: panes, modals, group status, the registry view.
import type { PreviewLine } from '../../actions/types.js';
import type { HistoryRecord } from '../../history/record.js';
import type { Job } from '../../jobs/job.js';
import type { ServiceEntry } from '../../registry/types.js';
import type { PaletteState } from '../widgets/palette/palette-reducer.js';

export type Pane = 'groups' | 'detail' | 'jobs';
export const PANES: readonly Pane[] = ['groups', 'detail', 'jobs'];

export type DetailView = 'config' | 'base' | 'plan' | 'drift';
export const DETAIL_VIEWS: readonly DetailView[] = ['config', 'base', 'plan', 'drift'];

export type Modal =
  | { kind: 'palette'; palette: PaletteState }
  | { kind: 'confirm'; message: string; onYes: () => void; plan?: ConfirmPlan | undefined }
  | { kind: 'help' };

/** What a destructive command's confirmation shows below its question: the action's preview, once worked out. */
export interface ConfirmPlan {
  preview: { state: 'loading' } | { state: 'done'; lines: readonly PreviewLine[] } | { state: 'none' };
}

/** Overlays of the reading widgets (src/tui/widgets/reader, message-log): the message log, the search line. */
export type ReaderModal = { kind: 'messages' } | { kind: 'search'; target: ReadTarget; text: string };

/** What a search, wrap or sideways scroll applies to: the focused job's log or the detail pane. */
export type ReadTarget = 'log' | 'detail';

/** One group's fleet status, from the fleet:status action's result. */
export interface GroupStatus {
  ami?: { id: string; created: string } | undefined;
  healthy?: number | undefined;
  desired?: number | undefined;
  running?: number | undefined;
}

export interface StatusView {
  /** `unavailable` when the catalog has no fleet:status action. */
  state: 'unavailable' | 'loading' | 'ok' | 'error';
  groups: Readonly<Record<string, GroupStatus>>;
  error?: string | undefined;
  at?: number | undefined;
}

export interface ServiceChange {
  at: number;
  kind: 'put' | 'delete';
  entry: ServiceEntry;
}

export interface RegistryView {
  state: 'unavailable' | 'connecting' | 'live' | 'error';
  description?: string | undefined;
  error?: string | undefined;
  /** Keyed `service/instance`. */
  entries: ReadonlyMap<string, ServiceEntry>;
  /** Recent changes (puts and deletes), highlighted for a few seconds. */
  changes: ReadonlyMap<string, ServiceChange>;
}

export interface Message {
  /** The whole text (may be several lines): the status line shows its first line, the message log all of it. */
  text: string;
  level: 'info' | 'warn' | 'error';
  /** When it was said (ms). */
  at?: number | undefined;
  /** A transient notice: the status line drops it at this time (ms). */
  until?: number | undefined;
  /** A failure that stays until seen (the message log opened). */
  sticky?: boolean | undefined;
  /** Said by a background feed (drift, locks), not in answer to the user. */
  background?: boolean | undefined;
}

export interface JobsView {
  /** Jobs the user started, oldest first (internal ones are not listed). */
  list: readonly Job[];
  cursor: number;
  maximised: boolean;
  follow: boolean;
  /** Absolute event index of the first shown line when not following. */
  top: number;
  /** Bumped (at most every 50 ms) when a job has new events or a new state. */
  version: number;
  /** Bumped when a job ends (the plan may have changed on disk). */
  finished: number;
  /** Runs of earlier sessions (from .hangar/history.jsonl), newest first: listed dimmed below this run's jobs. */
  earlier: readonly HistoryRecord[];
}
