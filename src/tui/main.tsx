// The workbench entry point (built in issue 7): until it exists, say so plainly.
import type { GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import type { Runtime } from '../runtime.js';

export interface WorkbenchInput {
  options: GlobalOptions;
  config: Config;
  runtime: Runtime;
}

export async function runWorkbench(_input: WorkbenchInput): Promise<number> {
  process.stderr.write('hangar: the workbench (TUI) is not built yet; run an action headless, see hangar --help\n');
  return 2;
}
