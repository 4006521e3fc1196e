// The one subprocess runner: output line by line (node:child_process), a short capture (execa), cancel by AbortSignal (a kill signal, SIGKILL after a grace), a time limit.
import { type ChildProcess, spawn } from 'node:child_process';
import { messageOf } from '../errors.js';
import type { ProcessCommand } from './command.js';
import { reapOnExit } from './reap-children.js';

export interface RunProcessOptions {
  /** Aborting it sends `killSignal`, then SIGKILL when the process still runs `graceMs` later. */
  signal?: AbortSignal | undefined;
  /** Default SIGTERM (packer wants SIGINT: it cleans up on the first interrupt). */
  killSignal?: NodeJS.Signals | undefined;
  /** Default 3000 ms. */
  graceMs?: number | undefined;
  /** Sends `killSignal` after this many ms (then SIGKILL after the grace). */
  timeoutMs?: number | undefined;
  /** Each line of stdout and stderr together, as it comes, without its line ending. */
  onLine?: ((line: string) => void) | undefined;
  /**
   * A conversation on stdin: called with each line before onLine; bytes are written to stdin and stdin is
   * closed, `close` only closes it. Without it stdin is not connected at all.
   */
  converse?: ((line: string) => Buffer | 'close' | undefined) | undefined;
  /**
   * The process was started ahead of its turn and waits on stdin for it (ssh's LocalCommand, src/deploy/command.ts):
   * when this resolves, one newline goes to stdin (which is then closed, unless `converse` goes on), and the time
   * limit and the duration start. Until then only a cancel stops it.
   */
  turn?: Promise<void> | undefined;
}

export interface ProcessResult {
  /** Undefined when it never ran or was killed by a signal. */
  exitCode: number | undefined;
  /** The signal that ended it, e.g. SIGKILL after the grace. */
  signal: string | undefined;
  timedOut: boolean;
  /** Ended because `signal` aborted. */
  cancelled: boolean;
  /** The program was not found (ENOENT). */
  missing: boolean;
  /** execa's one-line description when it failed, and the underlying error's own message. */
  shortMessage: string | undefined;
  originalMessage: string | undefined;
  durationMs: number;
}

/** How long output may still come after the process exited on its own, and after it was stopped (cancel, time limit). */
const EXITED_DRAIN_MS = 2000;
const STOPPED_DRAIN_MS = 250;

/** Splits one stream's text into lines (without `\n` or `\r\n`); the last partial line waits for more or the end. */
function lineSplitter(onLine: (line: string) => void): { push(text: string): void; end(): void } {
  let pending = '';
  return {
    push(text) {
      pending += text;
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        onLine(pending.slice(start, pending[nl - 1] === '\r' ? nl - 1 : nl));
        start = nl + 1;
      }
      pending = pending.slice(start);
    },
    end() {
      if (pending !== '') onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}

/**
 * Runs `command` to its end; never throws (the result says what happened). Straight on node:child_process: a
 * deploy starts one ssh per host, and execa's per-process machinery cost more CPU than the ssh handshake budget allows.
 */
export async function runProcess(command: ProcessCommand, options: RunProcessOptions = {}): Promise<ProcessResult> {
  let started = Date.now();
  const { signal, converse, onLine, turn } = options;
  const killSignal = options.killSignal ?? 'SIGTERM';
  const graceMs = options.graceMs ?? 3000;
  const outcome = { timedOut: false, cancelled: false };
  const result = (fields: Partial<ProcessResult>): ProcessResult => ({
    exitCode: undefined,
    signal: undefined,
    timedOut: outcome.timedOut,
    cancelled: outcome.cancelled,
    missing: false,
    shortMessage: undefined,
    originalMessage: undefined,
    durationMs: Date.now() - started,
    ...fields,
  });
  if (signal?.aborted) return result({ cancelled: true, shortMessage: 'Command was canceled before it started' });
  let child: ChildProcess;
  try {
    child = spawn(command.file, command.args, {
      ...(command.cwd ? { cwd: command.cwd } : {}),
      env: command.env ? { ...process.env, ...command.env } : process.env,
      stdio: [converse || turn ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return result({ shortMessage: `Command failed: ${command.file}: ${messageOf(error)}`, originalMessage: messageOf(error) });
  }
  reapOnExit(child);
  // A peer that hangs up while we write is reported by the exit status, not by a stream error.
  child.stdin?.on('error', () => undefined);
  const handleLine = (line: string): void => {
    const reply = converse?.(line);
    if (reply !== undefined && child.stdin?.writable) child.stdin.end(reply === 'close' ? undefined : reply);
    onLine?.(line);
  };
  const splitters = [child.stdout, child.stderr].map((stream) => {
    const splitter = lineSplitter(handleLine);
    stream?.setEncoding('utf8');
    stream?.on('data', splitter.push);
    return splitter;
  });
  let forceTimer: NodeJS.Timeout | undefined;
  // The output can outlive the process: an ssh sharing a connection hands its stdout and stderr to the master,
  // which keeps them until the remote command ends, even once this ssh is gone. So after the exit the output
  // gets a bounded time to drain (short when we stopped it), then the pipes are closed from this side.
  let drainTimer: NodeJS.Timeout | undefined;
  const drainThenClose = (ms: number): void => {
    clearTimeout(drainTimer);
    drainTimer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, ms);
  };
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  child.once('exit', () => drainThenClose(outcome.cancelled || outcome.timedOut ? STOPPED_DRAIN_MS : EXITED_DRAIN_MS));
  const stop = (): void => {
    if (exited()) {
      drainThenClose(STOPPED_DRAIN_MS);
      return;
    }
    child.kill(killSignal);
    forceTimer ??= setTimeout(() => child.kill('SIGKILL'), graceMs);
  };
  const onAbort = (): void => {
    outcome.cancelled = true;
    stop();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const startClock = (): void => {
    started = Date.now();
    if (options.timeoutMs && !exited())
      timer = setTimeout(() => {
        outcome.timedOut = true;
        stop();
      }, options.timeoutMs);
  };
  if (turn) {
    // Its turn: the newline the gate waits for; without a conversation that is all stdin ever carries.
    void turn.then(() => {
      if (exited() || outcome.cancelled) return;
      if (converse) child.stdin?.write('\n');
      else child.stdin?.end('\n');
      startClock();
    });
  } else startClock();
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: NodeJS.ErrnoException }>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ error }));
    child.once('close', (code, killedBy) => resolve({ code, signal: killedBy }));
  });
  clearTimeout(timer);
  clearTimeout(forceTimer);
  clearTimeout(drainTimer);
  // A gate that never opened (the process was stopped before its turn) holds stdin: let it go.
  child.stdin?.destroy();
  signal?.removeEventListener('abort', onAbort);
  for (const splitter of splitters) splitter.end();
  if ('error' in ended) {
    const message = messageOf(ended.error);
    return result({ missing: ended.error.code === 'ENOENT', shortMessage: `Command failed: ${command.file}: ${message}`, originalMessage: message });
  }
  const exitCode = ended.code ?? undefined;
  const killedBy = ended.signal ?? undefined;
  const shortMessage = outcome.timedOut
    ? `Command timed out after ${options.timeoutMs} milliseconds: ${command.file}`
    : killedBy
      ? `Command was killed with ${killedBy}: ${command.file}`
      : exitCode !== 0
        ? `Command failed with exit code ${exitCode}: ${command.file}`
        : undefined;
  // Like execa: a process stopped for its time limit has no exit code of its own to report.
  return result({ exitCode: outcome.timedOut ? undefined : exitCode, signal: killedBy, shortMessage });
}

export interface CapturedOutput {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  shortMessage: string | undefined;
}

/** Runs a short command and keeps its whole output (e.g. `ssh-keygen -y`); never throws. */
export async function captureProcess(command: ProcessCommand, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<CapturedOutput> {
  const { execa } = await import('execa');
  const result = await execa(command.file, command.args, {
    ...(command.cwd ? { cwd: command.cwd } : {}),
    env: command.env,
    reject: false,
    stdin: 'ignore',
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, shortMessage: result.failed ? result.shortMessage : undefined };
}
