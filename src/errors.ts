// The one public error class: a namespaced code, an exit code, a hint and the cause.

/** Exit codes, as README.md "Headless use" documents them. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface HangarErrorOptions {
  cause?: unknown;
  /** 1 when an operation failed (default), 2 for bad usage or bad config. */
  exitCode?: ExitCode;
  /** One line that says what to do about it. */
  hint?: string;
  /** Further lines shown under the message (e.g. every config diagnostic). */
  details?: string[];
}

export class HangarError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: string[];

  constructor(code: string, message: string, options: HangarErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HangarError';
    this.code = code;
    this.exitCode = options.exitCode ?? EXIT.failed;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** A usage or config error: exit code 2. */
export function usageError(code: string, message: string, options: Omit<HangarErrorOptions, 'exitCode'> = {}): HangarError {
  return new HangarError(code, message, { ...options, exitCode: EXIT.usage });
}

export function isHangarError(error: unknown): error is HangarError {
  return error instanceof HangarError;
}

/** The message of anything thrown, without a stack. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Renders an error as the lines a user sees: message, details, hint. */
export function formatError(error: unknown, debug = false): string {
  const lines: string[] = [];
  if (isHangarError(error)) {
    lines.push(`error: ${error.message}`);
    for (const detail of error.details) lines.push(`  ${detail}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
  } else {
    lines.push(`error: ${messageOf(error)}`);
  }
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  return lines.join('\n');
}
