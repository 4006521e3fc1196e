// The deploy runner: runs one ssh command object through src/process and says how it ended (ok, failed, timeout, cancelled).
import { runProcess } from '../process/run.js';
import type { Command } from './command.js';

export type RunStatus = 'ok' | 'failed' | 'timeout' | 'cancelled' | 'error';

export interface RunOutcome {
  status: RunStatus;
  /** The process's exit code; undefined when it never ran or was killed. */
  exitCode: number | undefined;
  durationMs: number;
  /** Why it did not succeed, in words (for the summary). */
  reason?: string | undefined;
}

export interface RunOptions {
  signal?: AbortSignal | undefined;
  /** Kill the process after this many ms. */
  timeoutMs?: number | undefined;
  /** Each line of stdout and stderr, as it comes. */
  onLine(line: string): void;
  /**
   * A conversation on stdin (the chef repo sync): called with each line before onLine; bytes are written to
   * stdin and stdin is closed, `close` only closes it. Without it stdin is not connected at all.
   */
  converse?: ((line: string) => Buffer | 'close' | undefined) | undefined;
  /** Started ahead of its turn: the command waits at a gate until this resolves (src/deploy/connect-ahead.ts); the time limit and duration count from then. */
  turn?: Promise<void> | undefined;
}

/** Runs one command object to its end; never throws (the outcome says what happened). */
export type Runner = (command: Command, options: RunOptions) => Promise<RunOutcome>;

/** ssh exits 255 when it could not connect or log in (or when the remote command itself exits 255). */
export const SSH_ERROR_EXIT = 255;

export const runCommand: Runner = async (command, options) => {
  if (options.signal?.aborted) return { status: 'cancelled', exitCode: undefined, durationMs: 0, reason: 'cancelled before it started' };
  let lastLine = '';
  const result = await runProcess(command, {
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    graceMs: 3000,
    converse: options.converse,
    turn: options.turn,
    onLine: (line) => {
      if (line.trim()) lastLine = line.trim();
      options.onLine(line);
    },
  });
  const { durationMs } = result;
  if (result.timedOut) {
    return { status: 'timeout', exitCode: undefined, durationMs, reason: `killed after ${Math.round((options.timeoutMs ?? 0) / 1000)} s` };
  }
  // ctrl-c in a terminal also reaches ssh itself (same process group): it may exit on its own just before the cancel.
  if (result.cancelled || (options.signal?.aborted && result.exitCode !== 0))
    return { status: 'cancelled', exitCode: undefined, durationMs, reason: 'cancelled while running' };
  if (result.exitCode === undefined) {
    if (result.missing) return { status: 'error', exitCode: undefined, durationMs, reason: `${command.file} not found on PATH` };
    const reason = result.signal ? `killed by ${result.signal}` : (result.originalMessage ?? result.shortMessage);
    return { status: 'error', exitCode: undefined, durationMs, reason };
  }
  if (result.exitCode === 0) return { status: 'ok', exitCode: 0, durationMs };
  const reason = command.file === 'ssh' && result.exitCode === SSH_ERROR_EXIT ? `ssh: ${lastLine || 'could not connect'}` : lastLine || undefined;
  return { status: 'failed', exitCode: result.exitCode, durationMs, reason };
};
