// What a lock backend gives: one try that takes the lock or names its holder, and a release.
import type { LockHolder } from './holder.js';

export interface HeldLock {
  name: string;
  backend: 'file' | 'etcd';
  holder: LockHolder;
  /** Set when a gone holder's lock was taken over: who it was and why it counts as gone. */
  takenOver?: { holder: LockHolder | undefined; reason: string };
  release(): Promise<void>;
}

export type TryResult = { ok: true; lock: HeldLock } | { ok: false; holder: LockHolder | undefined };

/** A place locks live in (a folder of this machine, or etcd). */
export interface LockBackend {
  readonly kind: 'file' | 'etcd';
  /** Where, for messages (`.hangar/locks`, `etcd 127.0.0.1:2379`). */
  readonly where: string;
  tryLock(name: string, holder: LockHolder): Promise<TryResult>;
  /** Every lock held now (for the workbench's groups pane). */
  list?(): Promise<LockHolder[]>;
  close(): Promise<void>;
}
