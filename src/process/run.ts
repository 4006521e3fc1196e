// The one subprocess runner: execa, output line by line, cancel by AbortSignal (a kill signal, SIGKILL after a grace), a time limit.
import type { ProcessCommand } from './command.js';

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

/** Runs `command` to its end; never throws (the result says what happened). */
export async function runProcess(command: ProcessCommand, options: RunProcessOptions = {}): Promise<ProcessResult> {
  const started = Date.now();
  // Loaded on first use: a command that runs no process does not pay for execa at start-up.
  const { execa } = await import('execa');
  const subprocess = execa(command.file, command.args, {
    ...(command.cwd ? { cwd: command.cwd } : {}),
    env: command.env,
    extendEnv: true,
    stdin: options.converse ? 'pipe' : 'ignore',
    all: true,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
    ...(options.signal ? { cancelSignal: options.signal } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    killSignal: options.killSignal ?? 'SIGTERM',
    forceKillAfterDelay: options.graceMs ?? 3000,
  });
  // A peer that hangs up while we write is reported by the exit status, not by a stream error.
  subprocess.stdin?.on('error', () => undefined);
  try {
    for await (const raw of subprocess.iterable({ from: 'all' })) {
      const line = String(raw).replace(/\r$/, '');
      const reply = options.converse?.(line);
      if (reply !== undefined && subprocess.stdin?.writable) subprocess.stdin.end(reply === 'close' ? undefined : reply);
      options.onLine?.(line);
    }
  } catch {
    // The subprocess's own result (below) says what went wrong.
  }
  const result = await subprocess;
  const code = (result as { code?: string }).code ?? (result.cause as NodeJS.ErrnoException | undefined)?.code;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    cancelled: result.isCanceled,
    missing: result.failed && code === 'ENOENT',
    shortMessage: result.failed ? result.shortMessage : undefined,
    originalMessage: result.failed ? result.originalMessage : undefined,
    durationMs: Date.now() - started,
  };
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
