// The workbench entry point (src/cli.ts calls it on a TTY): loads Ink so that it draws live even when CI is set.
import type { WorkbenchInput } from './open-workbench.js';

export type { WorkbenchInput } from './open-workbench.js';

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

let loading: Promise<typeof import('./open-workbench.js')> | undefined;

/**
 * Starts loading the workbench (Ink, React, the views) now, so that reading its files overlaps the caller's
 * own start-up work (loading nodes.json); `runWorkbench` then waits for the same load. The CI variables stay
 * hidden until it has loaded, so also while nodes.json is read (which does not look at them).
 */
export function preloadWorkbench(): void {
  loading ??= loadWithoutCi();
  // A failed load is reported by runWorkbench, which awaits the same promise.
  loading.catch(() => undefined);
}

/**
 * Ink decides once, when it loads, whether it runs in CI (then it draws only
 * the last frame). The workbench runs on a person's terminal: the CI variables
 * are hidden while Ink loads and put back at once (child processes still see them).
 */
async function loadWithoutCi(): Promise<typeof import('./open-workbench.js')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of CI_VARIABLES) delete process.env[name];
  try {
    return await import('./open-workbench.js');
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

export async function runWorkbench(input: WorkbenchInput): Promise<number> {
  loading ??= loadWithoutCi();
  const { openWorkbench } = await loading;
  return openWorkbench(input);
}
