// The one place locks are taken for a job: per group (etcd when configured, else this machine's files) or the project's files.
import { ensureStateDir } from '../fs/state-dir.js';
import { join } from 'node:path';
import { HangarError } from '../errors.js';
import type { Emitter } from '../jobs/events.js';
import { type RegistrySettings, resolveEtcdConnection } from '../registry/settings.js';
import { listFileLocks, tryFileLock } from './file-lock.js';
import { type LockHolder, describeHolder, newHolder } from './holder.js';
import type { HeldLock, LockBackend } from './types.js';
import { sleep } from '../timing/sleep.js';

/** What an action locks: each of its groups (it changes AWS), or the project's generated files. */
export type LockScope = 'groups' | 'project';

export interface LockRequest {
  scope: LockScope;
  action: string;
  groups: readonly string[];
  /** The project folder (nodes.json's); locks live in its `.hangar/locks`. */
  dir: string;
  /** Keep the locks in files whatever the registry settings say (a stand-in world: the runtime decides). */
  localOnly: boolean;
  registry: RegistrySettings | undefined;
  env: NodeJS.ProcessEnv;
  /** How long to wait for a held lock (0: fail at once). */
  waitMs: number;
  /** The action was asked to take over an interrupted run (--resume): said in the refusal. */
  resume?: boolean;
  signal: AbortSignal;
  emit: Emitter;
}

export interface HeldLocks {
  locks: HeldLock[];
  where: string;
  release(): Promise<void>;
}

/** How long generation waits for another writer by default: a short while. */
export const PROJECT_WAIT_MS = 10_000;
const POLL_MS = 250;

export function locksDir(dir: string): string {
  return join(dir, '.hangar', 'locks');
}

/** The backend for a request: the project lock is always a file; group locks go to etcd when one is configured. */
export async function openLockBackend(
  request: Pick<LockRequest, 'scope' | 'dir' | 'localOnly' | 'registry' | 'env'>,
  onLost: (name: string) => void,
): Promise<LockBackend> {
  const connection = request.scope === 'groups' && !request.localOnly ? resolveEtcdConnection(request.registry, request.env) : undefined;
  if (connection) {
    const { EtcdLockBackend } = await import('./etcd-lock.js');
    return new EtcdLockBackend(connection, onLost);
  }
  ensureStateDir(request.dir);
  const dir = request.scope === 'groups' ? join(locksDir(request.dir), 'groups') : locksDir(request.dir);
  return {
    kind: 'file',
    where: dir,
    tryLock: async (name, holder) => tryFileLock(name, holder, { dir, onLost }),
    list: async () => listFileLocks(dir),
    close: async () => undefined,
  };
}

function heldError(request: LockRequest, name: string, holder: LockHolder | undefined, where: string): HangarError {
  const what = request.scope === 'project' ? "the project's generated files are" : `group ${name} is`;
  const resume = request.resume ? ' (--resume takes over only a lock whose holder is gone; this one is alive)' : '';
  return new HangarError('lock.held', `${what} locked by ${describeHolder(holder)}${resume}; nothing was done`, {
    hint: `wait for it with --wait-lock SECONDS, or see what it does: hangar history${request.scope === 'groups' ? ` ${name}` : ''} (lock in ${where})`,
  });
}

/** Takes every lock of the request (sorted, so two jobs never deadlock), waiting up to waitMs; all or none. */
export async function acquireLocks(request: LockRequest): Promise<HeldLocks> {
  const names = request.scope === 'project' ? ['project'] : [...new Set(request.groups)].sort();
  const backend = await openLockBackend(request, (name) =>
    request.emit.warn(
      `the lock of ${name} was lost (removed or expired): another operator may act on it now`,
      request.scope === 'groups' ? { group: name } : undefined,
    ),
  );
  const holder = newHolder(request.action, request.groups);
  const locks: HeldLock[] = [];
  const release = async () => {
    for (const lock of locks.splice(0).reverse()) await lock.release().catch(() => undefined);
    await backend.close();
  };
  const deadline = Date.now() + request.waitMs;
  try {
    for (const name of names) {
      let said = false;
      for (;;) {
        request.signal.throwIfAborted();
        const tried = await backend.tryLock(name, holder);
        if (tried.ok) {
          locks.push(tried.lock);
          const gone = tried.lock.takenOver;
          if (gone)
            request.emit.warn(
              `took over the lock of ${name} from ${describeHolder(gone.holder)}: ${gone.reason}; its work may be half-done (see: hangar history)`,
            );
          break;
        }
        if (Date.now() >= deadline) throw heldError(request, name, tried.holder, backend.where);
        if (!said) request.emit.log(`waiting for the lock of ${name}, held by ${describeHolder(tried.holder)}`);
        said = true;
        await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())), request.signal);
      }
    }
  } catch (error) {
    await release();
    throw error;
  }
  return { locks, where: backend.where, release };
}
