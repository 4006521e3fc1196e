// Children die with hangar: every running child gets SIGTERM when this process exits or is killed by a signal nobody handles.
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
const SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGINT'] as const;
let installed = false;

function killAll(): void {
  for (const child of running) {
    try {
      child.kill('SIGTERM');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/** Our listener stays on each signal; it acts only when it is the last one there (else someone else handles it). */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  process.off(signal, onSignal);
  // Die of the signal as we would have without this listener.
  process.kill(process.pid, signal);
}

/** Tracks `child` until it closes (the same as execa's `cleanup`). */
export function reapOnExit(child: ChildProcess): void {
  if (!installed) {
    installed = true;
    process.once('exit', killAll);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  running.add(child);
  child.once('close', () => running.delete(child));
  child.once('error', () => running.delete(child));
}
