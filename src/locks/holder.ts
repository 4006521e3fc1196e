// Who holds a lock: user@host, pid, action, groups and since when; parsed with zod wherever it is read back.
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { z } from 'zod';

export const holderSchema = z.object({
  user: z.string(),
  host: z.string(),
  pid: z.number().int(),
  action: z.string(),
  groups: z.array(z.string()).default([]),
  /** ISO time the lock was taken. */
  since: z.string(),
  /** Unique per taking: a holder releases only its own lock. */
  token: z.string(),
});

export type LockHolder = z.infer<typeof holderSchema>;

/** The user name of this process, without failing where there is no passwd entry (containers). */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'unknown';
  }
}

/** `user@host` of this process. */
export function whoAmI(): string {
  return `${currentUser()}@${hostname()}`;
}

/** A fresh holder record for this process. */
export function newHolder(action: string, groups: readonly string[]): LockHolder {
  return { user: currentUser(), host: hostname(), pid: process.pid, action, groups: [...groups], since: new Date().toISOString(), token: randomUUID() };
}

/** Parses a stored holder; undefined when it is not one (a foreign or damaged value). */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** `alice@bastion pid 4242 (autoscale:update, since 2026-12-01T16:00:00.000Z)`. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'an unknown holder (the lock record cannot be read)';
  return `${holder.user}@${holder.host} pid ${holder.pid} (${holder.action}, since ${holder.since})`;
}

/** Whether a process of this machine is alive: kill(pid, 0) says so without signalling it. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
