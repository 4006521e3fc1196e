// Reads and writes .hangar/sandbox.json under a lock: one consistent world for every process using it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { readIfExists, writeAtomic } from '../../generate/write.js';
import { type SandboxState, emptyState } from './types.js';

/** Serializes this process's own transactions per file, so the file lock is rarely contended here. */
const queues = new Map<string, Promise<unknown>>();

const LOCK_OPTIONS = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 400, factor: 1.2, minTimeout: 3, maxTimeout: 40 },
} as const;

export function readState(file: string): SandboxState | undefined {
  const text = readIfExists(file);
  if (text === undefined || text.trim() === '') return undefined;
  return JSON.parse(text) as SandboxState;
}

async function runLocked<T>(file: string, init: (now: number) => SandboxState, fn: (state: SandboxState) => T | Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const release = await lockfile.lock(file, LOCK_OPTIONS);
  try {
    const text = readIfExists(file);
    const state = text && text.trim() !== '' ? (JSON.parse(text) as SandboxState) : init(Date.now());
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
 * atomically when it changed (also when `fn` throws: it must leave the state consistent). `init` makes the state when the file does not exist yet.
 */
export function withState<T>(
  file: string,
  fn: (state: SandboxState) => T | Promise<T>,
  init: (now: number) => SandboxState = emptyState,
): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const run = previous.then(
    () => runLocked(file, init, fn),
    () => runLocked(file, init, fn),
  );
  const settled = run.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return run;
}
