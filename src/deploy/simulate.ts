// A simulated provision run for the sandbox: a short chef-solo-like log, no ssh, labelled "simulated".
import type { Runner } from './runner.js';

/** What a chef-solo run prints, shortened. */
const LINES = [
  'Starting Chef Infra Client, version 18.3.0 (simulated)',
  'resolving cookbooks for run list: ["role[%role%]"]',
  'Synchronizing Cookbooks: apt, seatgeek, seatgeek-service',
  'Compiling Cookbooks...',
  'Converging 12 resources',
  "  * apt_update[periodic] action periodic (up to date)",
  '  * template[/etc/hangar/services.json] action create (up to date)',
  'Running handlers complete',
  'Chef Infra Client finished, 0/12 resources updated in 00 seconds (simulated)',
];

/** Options of a simulated run: the role shown in the log and the pause between lines. */
export interface SimulateOptions {
  role: string;
  stepMs?: number;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A runner that ignores the command object and prints a chef-like log instead; always succeeds unless cancelled. */
export function simulatedRunner(options: SimulateOptions): Runner {
  const stepMs = options.stepMs ?? 60;
  return async (_command, run) => {
    const started = Date.now();
    for (const line of LINES) {
      const deadline = run.timeoutMs !== undefined && Date.now() - started + stepMs > run.timeoutMs;
      if (deadline) return { status: 'timeout', exitCode: undefined, durationMs: Date.now() - started, reason: 'simulated run timed out' };
      if (!(await pause(stepMs, run.signal))) {
        return { status: 'cancelled', exitCode: undefined, durationMs: Date.now() - started, reason: 'cancelled while running' };
      }
      run.onLine(line.replace('%role%', options.role));
    }
    return { status: 'ok', exitCode: 0, durationMs: Date.now() - started };
  };
}
