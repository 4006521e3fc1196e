// What a keymap command receives: the store, the job runner, the action lookup and the screen layout.
import type { AnyAction } from '../actions/types.js';
import type { Layout } from './layout.js';
import type { JobRunner } from './services/job-runner.js';
import type { PaletteHistory } from './services/palette-history.js';
import type { WorkbenchStore } from './store/store.js';
import type { PaletteEntry } from './widgets/palette/palette-reducer.js';

export interface CommandContext {
  store: WorkbenchStore;
  runner: JobRunner;
  findAction: (name: string) => AnyAction | undefined;
  paletteEntries: readonly PaletteEntry[];
  /** Commands run from the palette, for ↑/↓ (kept in .hangar/palette-history). */
  paletteHistory: PaletteHistory;
  layout: Layout;
  debug: boolean;
}

/** What one command does; the dispatch table in commands.ts has one per command id. */
export type CommandHandler = (ctx: CommandContext) => void;
