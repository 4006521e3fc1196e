// Per-process resources an invocation needs before its actions run (the in-process sandbox, clients).
import type { GlobalOptions } from './actions/types.js';
import type { Config } from './config/index.js';

export interface Runtime {
  /** Releases what prepareRuntime started (servers, connections). */
  dispose(): Promise<void>;
}

/**
 * Prepares the runtime for a command or the TUI. It may change `options`
 * (e.g. point `endpoint` at the in-process sandbox).
 */
export async function prepareRuntime(_options: GlobalOptions, _config: Config | undefined): Promise<Runtime> {
  return { async dispose() {} };
}
