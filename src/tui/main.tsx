// The workbench entry point (built in issue 7): until it exists, say so plainly.
import type { GlobalOptions } from '../actions/types.js';

export async function runWorkbench(_options: GlobalOptions): Promise<number> {
  process.stderr.write('hangar: the workbench (TUI) is not built yet; run an action headless, see hangar --help\n');
  return 2;
}
