// Reads and writes .hangar/sandbox.json under a lock: one consistent world for every process using it.
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import lockfile from 'proper-lockfile';
import { EXIT, HangarError } from '../../errors.js';
import { readIfExists, writeAtomic } from '../../fs/atomic-write.js';
import { apiError } from '../api-error.js';
import { firstIssue } from '../validate.js';
import { stateSchema } from './schema.js';
import { type SandboxState, emptyState } from './types.js';

/** Serializes this process's own transactions per file, so the file lock is rarely contended here. */
const queues = new Map<string, Promise<unknown>>();

const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 400, factor: 1.2, minTimeout: 3, maxTimeout: 40 },
  // The default throws from a timer (killing the process, e.g. the TUI) when the event loop stalled past `stale`.
  onCompromised: (error: Error) => process.stderr.write(`SANDBOX: state lock compromised: ${error.message}\n`),
};

/** A state file larger than this is refused (it would take every call seconds to read and write). */
const MAX_STATE_BYTES = 64 * 1024 * 1024;

/** The text this process last read or wrote per file, known good: the same text again is not validated again. */
const known = new Map<string, string>();

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** One line: the file, the first bad path and what is wrong; the hint names the fix. */
function brokenState(file: string, why: string): HangarError {
  return new HangarError('sandbox.state', `the sandbox state ${shown(file)} is broken: ${why}`, {
    exitCode: EXIT.usage,
    hint: 'hangar sandbox:reset (moves the broken file aside and seeds a fresh sandbox)',
  });
}

/** The file's text, or undefined when it does not exist; refused when too large to be a sandbox state. */
function readText(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_STATE_BYTES) throw brokenState(file, `it is larger than ${MAX_STATE_BYTES / 1024 / 1024} MB`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return readIfExists(file);
}

/** Parses and validates the text of a state file; a HangarError (sandbox.state) names the first problem. */
function parseText(file: string, text: string): SandboxState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw brokenState(file, `not JSON (${(error as Error).message})`);
  }
  if (known.get(file) === text) return value as SandboxState;
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) throw brokenState(file, firstIssue(parsed.error, value));
  known.set(file, text);
  return parsed.data;
}

/** The stored state as it is on disk, or undefined when there is none; a broken file is a HangarError (sandbox.state). */
export function readState(file: string): SandboxState | undefined {
  const text = readText(file);
  if (text === undefined || text.trim() === '') return undefined;
  return parseText(file, text);
}

/** `.hangar/sandbox.json.broken-20261201T170512Z` (a -N suffix when that exists already). */
function brokenName(file: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  let candidate = `${file}.broken-${stamp}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${file}.broken-${stamp}-${n}`;
  return candidate;
}

export interface LoadInfo {
  /** Where a broken file was moved (moveAsideBroken only). */
  movedAside?: string;
}

/** The stored state, `init`'s when there is none; a broken file is an error, or moved aside (and `init` used) when `moveAside`. */
function loadState(file: string, init: (now: number) => SandboxState, moveAside: boolean, info: LoadInfo): { state: SandboxState; text: string | undefined } {
  try {
    const text = readText(file);
    if (text === undefined || text.trim() === '') return { state: init(Date.now()), text };
    return { state: parseText(file, text), text };
  } catch (error) {
    if (!moveAside || !(error instanceof HangarError && error.code === 'sandbox.state')) throw error;
    info.movedAside = brokenName(file);
    renameSync(file, info.movedAside);
    return { state: init(Date.now()), text: undefined };
  }
}

/** Never writes a state the next read would refuse: a call that would leave one fails instead, and the file stays as it was. */
function checkBeforeWrite(text: string): void {
  const value = JSON.parse(text) as unknown;
  const parsed = stateSchema.safeParse(value);
  if (!parsed.success) {
    throw apiError('InvalidParameterValue', `The request is incomplete or invalid: the sandbox would store ${firstIssue(parsed.error, value)}`);
  }
}

type Transaction<T> = (state: SandboxState, info: LoadInfo) => T | Promise<T>;

async function runLocked<T>(file: string, init: (now: number) => SandboxState, fn: Transaction<T>, moveAside: boolean): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const release = await lockfile.lock(file, LOCK_OPTIONS);
  try {
    const info: LoadInfo = {};
    const { state, text } = loadState(file, init, moveAside, info);
    // Written even when `fn` throws: a failed call still advanced time and consumed its fault.
    const save = () => {
      const next = `${JSON.stringify(state)}\n`;
      if (next === text) return;
      checkBeforeWrite(next);
      writeAtomic(file, next);
      known.set(file, next);
    };
    try {
      const result = await fn(state, info);
      save();
      return result;
    } catch (error) {
      try {
        save();
      } catch {
        // The call's own error says more than a refused write of what it left.
      }
      throw error;
    }
  } finally {
    await release();
  }
}

/**
 * Runs `fn` on the state under the lock (in-process queue + lock file), then writes it
 * atomically when it changed (also when `fn` throws: it must leave the state consistent).
 * `init` makes the state when the file does not exist yet; with `moveAsideBroken` a broken file is
 * renamed to `<file>.broken-<stamp>` (fn's `info.movedAside`) and `init` used instead, so nothing is lost.
 */
export function withState<T>(
  file: string,
  fn: Transaction<T>,
  init: (now: number) => SandboxState = emptyState,
  options: { moveAsideBroken?: boolean } = {},
): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const moveAside = Boolean(options.moveAsideBroken);
  const run = previous.then(
    () => runLocked(file, init, fn, moveAside),
    () => runLocked(file, init, fn, moveAside),
  );
  const settled = run.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return run;
}
