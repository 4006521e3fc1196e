// What a keymap command receives: the store, the job runner, the action lookup and the screen layout.
import type { AnyAction } from '../actions/types.js';
import type { Layout } from './layout.js';
import type { JobRunner } from './services/job-runner.js';
import type { WorkbenchStore } from './store/store.js';
import type { PaletteEntry } from './widgets/palette/palette-reducer.js';

export interface CommandContext {
  store: WorkbenchStore;
  runner: JobRunner;
  findAction: (name: string) => AnyAction | undefined;
  paletteEntries: readonly PaletteEntry[];
  layout: Layout;
  debug: boolean;
}

/** What one command does; the dispatch table in commands.ts has one per command id. */
export type CommandHandler = (ctx: CommandContext) => void;
