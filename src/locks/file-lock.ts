// A lock for the processes of this machine: `.hangar/locks/<name>.lock`, created whole (link, never half-written), heartbeat by mtime.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type LockHolder, isProcessAlive, parseHolder } from './holder.js';
import type { HeldLock, TryResult } from './types.js';

export interface FileLockOptions {
  /** The folder holding the lock files (`<project>/.hangar/locks`). */
  dir: string;
  /** A lock whose file was not touched for this long is stale (its holder stopped its heartbeat). Default 30 s. */
  staleMs?: number;
  /** How often the holder touches its lock file. Default 5 s. */
  heartbeatMs?: number;
  /** Told when the lock file was removed or replaced under a holder. */
  onLost?: (name: string) => void;
}

/** Locks this process holds, released synchronously if it exits without releasing them (e.g. a third ctrl-c). */
const held = new Map<string, string>();
let exitHook = false;

function releaseAllOnExit(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const [path, token] of held) removeIfOurs(path, token);
  });
}

function readLock(path: string): { holder: LockHolder | undefined; mtimeMs: number } | undefined {
  try {
    const mtimeMs = statSync(path).mtimeMs;
    return { holder: parseHolder(readFileSync(path, 'utf8')), mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function removeIfOurs(path: string, token: string): void {
  try {
    if (parseHolder(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
  } catch {
    // already gone
  }
}

/** Why a lock's holder is gone, or undefined while it lives: a dead pid on this host, or a heartbeat stopped for `staleMs`. */
export function staleReason(lock: { holder: LockHolder | undefined; mtimeMs: number }, staleMs: number, now = Date.now()): string | undefined {
  const { holder } = lock;
  if (holder && holder.host === hostname() && !isProcessAlive(holder.pid)) return `process ${holder.pid} is gone`;
  const age = now - lock.mtimeMs;
  if (age > staleMs) return `no heartbeat for ${Math.round(age / 1000)} s`;
  return undefined;
}

/** Creates `path` holding `text`, only if absent: the content is complete before the name exists. */
function createExclusive(path: string, text: string): boolean {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, text, { flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** One taker at a time removes a stale lock: a `.takeover` file guards the check-then-remove (itself stale after 10 s). */
function removeStale(path: string, staleToken: string | undefined, staleMtime: number): boolean {
  const guard = `${path}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) unlinkSync(guard);
    } catch {
      // another taker removed it
    }
    return false;
  }
  try {
    const again = readLock(path);
    // Still the very lock found stale (same holder, not touched since): remove it.
    if (again && again.holder?.token === staleToken && again.mtimeMs === staleMtime) unlinkSync(path);
    return true;
  } finally {
    closeSync(fd);
    unlinkSync(guard);
  }
}

/** Tries once to take the lock `name`; a lock whose holder is gone is taken over (and said so). */
export function tryFileLock(name: string, holder: LockHolder, options: FileLockOptions): TryResult {
  const staleMs = options.staleMs ?? 30_000;
  mkdirSync(options.dir, { recursive: true });
  const path = join(options.dir, `${name}.lock`);
  let takenOver: { holder: LockHolder | undefined; reason: string } | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createExclusive(path, `${JSON.stringify(holder)}\n`)) return { ok: true, lock: holdFileLock(name, path, holder, options, takenOver) };
    const current = readLock(path);
    if (!current) continue;
    const reason = staleReason(current, staleMs);
    if (!reason) return { ok: false, holder: current.holder };
    if (current.holder?.token === holder.token) return { ok: false, holder: current.holder };
    if (removeStale(path, current.holder?.token, current.mtimeMs)) takenOver = { holder: current.holder, reason };
  }
  return { ok: false, holder: readLock(path)?.holder };
}

function holdFileLock(name: string, path: string, holder: LockHolder, options: FileLockOptions, takenOver: HeldLock['takenOver']): HeldLock {
  held.set(path, holder.token);
  releaseAllOnExit();
  let lost = false;
  const beat = setInterval(() => {
    const current = readLock(path);
    if (current?.holder?.token !== holder.token) {
      if (!lost) options.onLost?.(name);
      lost = true;
      return;
    }
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // removed between the read and the touch: the next beat says so
    }
  }, options.heartbeatMs ?? 5_000);
  beat.unref();
  return {
    name,
    backend: 'file',
    holder,
    ...(takenOver ? { takenOver } : {}),
    async release() {
      clearInterval(beat);
      held.delete(path);
      removeIfOurs(path, holder.token);
    },
  };
}

/** The live holders of the locks in `dir` (stale ones left out), for the workbench. */
export function listFileLocks(dir: string, staleMs = 30_000): LockHolder[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.lock'));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const lock = readLock(join(dir, name));
    return lock?.holder && !staleReason(lock, staleMs) ? [lock.holder] : [];
  });
}
