// Reads and writes .hangar/sandbox.json under a lock: one consistent world for every process using it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { HangarError } from '../../errors.js';
import { readIfExists, writeAtomic } from '../../generate/write.js';
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

export function readState(file: string): SandboxState | undefined {
  const text = readIfExists(file);
  if (text === undefined || text.trim() === '') return undefined;
  return JSON.parse(text) as SandboxState;
}

/** The stored state, `init`'s when there is none; an unreadable or foreign file is an error unless `discard`. */
function parseState(file: string, text: string | undefined, init: (now: number) => SandboxState, discard: boolean): SandboxState {
  if (text === undefined || text.trim() === '') return init(Date.now());
  let state: SandboxState | undefined;
  try {
    state = JSON.parse(text) as SandboxState;
  } catch {
    state = undefined;
  }
  if (state?.version === 1 && Array.isArray(state.instances)) return state;
  if (discard) return init(Date.now());
  throw new HangarError('sandbox.state', `the sandbox state ${file} is not a state this version of hangar can read`, {
    hint: 'empty it with: hangar sandbox:reset',
  });
}

async function runLocked<T>(file: string, init: (now: number) => SandboxState, fn: (state: SandboxState) => T | Promise<T>, discard: boolean): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const release = await lockfile.lock(file, LOCK_OPTIONS);
  try {
    const text = readIfExists(file);
    const state = parseState(file, text, init, discard);
    // Written even when `fn` throws: a failed call still advanced time and consumed its fault.
    const save = () => {
      const next = `${JSON.stringify(state)}\n`;
      if (next !== text) writeAtomic(file, next);
    };
    try {
      const result = await fn(state);
      save();
      return result;
    } catch (error) {
      save();
      throw error;
    }
  } finally {
    await release();
  }
}

/**
 * Runs `fn` on the state under the lock (in-process queue + lock file), then writes it
 * atomically when it changed (also when `fn` throws: it must leave the state consistent).
 * `init` makes the state when the file does not exist yet; `discardUnreadable` replaces an unreadable file with it.
 */
export function withState<T>(
  file: string,
  fn: (state: SandboxState) => T | Promise<T>,
  init: (now: number) => SandboxState = emptyState,
  options: { discardUnreadable?: boolean } = {},
): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const discard = Boolean(options.discardUnreadable);
  const run = previous.then(
    () => runLocked(file, init, fn, discard),
    () => runLocked(file, init, fn, discard),
  );
  const settled = run.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return run;
}
