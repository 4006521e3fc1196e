// A light line runner on node:child_process for the long-lived agent: execa (runProcess) holds ~16 MB resident, paid on every node.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProcessCommand } from './command.js';

export interface LineRunOptions {
  /** Aborting it sends SIGTERM, then SIGKILL when the process still runs `graceMs` later. */
  signal?: AbortSignal | undefined;
  /** Default 3000 ms. */
  graceMs?: number | undefined;
  /** Each line of stdout and stderr, as it comes, without its line ending. */
  onLine?: ((line: string) => void) | undefined;
}

export interface LineRunResult {
  /** Undefined when it never ran or was killed by a signal. */
  exitCode: number | undefined;
  signal: string | undefined;
  /** Ended because `signal` aborted. */
  cancelled: boolean;
  /** Why it did not run or end by itself (not found, killed), in one line; undefined when it exited. */
  shortMessage: string | undefined;
}

/** Runs `command` (no shell, stdin not connected) to its end; never throws (the result says what happened). */
export function runLines(command: ProcessCommand, options: LineRunOptions = {}): Promise<LineRunResult> {
  const { signal, graceMs = 3000, onLine } = options;
  return new Promise((resolve) => {
    let cancelled = false;
    let failure: string | undefined;
    let killer: NodeJS.Timeout | undefined;
    if (signal?.aborted) return resolve({ exitCode: undefined, signal: undefined, cancelled: true, shortMessage: 'cancelled before it started' });
    const child = spawn(command.file, command.args, {
      ...(command.cwd ? { cwd: command.cwd } : {}),
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const onAbort = () => {
      cancelled = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => onLine?.(line));
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      failure = error.code === 'ENOENT' ? `${command.file}: command not found` : `${command.file}: ${error.message}`;
    });
    child.once('close', (code, killedBy) => {
      clearTimeout(killer);
      signal?.removeEventListener('abort', onAbort);
      const shortMessage = failure ?? (killedBy ? `${command.file} was killed with ${killedBy}` : undefined);
      // After a spawn error Node reports the errno as the code (-2): it never ran.
      resolve({ exitCode: failure ? undefined : (code ?? undefined), signal: killedBy ?? undefined, cancelled, shortMessage });
    });
  });
}
