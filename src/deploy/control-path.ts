// Where ssh keeps its shared connections: a private 0700 folder per user, one socket per host, port and user (src/deploy/command.ts names it).
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Emitter } from '../jobs/events.js';
import type { SshOptions } from './command.js';

/** A unix socket path holds at most 104 bytes on macOS (108 on Linux): the smaller one counts. */
export const SOCKET_PATH_MAX = 104;
/** A socket's name is 40 hex characters (controlSocketOf); ssh first binds `<path>.<16 random characters>`, then renames it. */
const SOCKET_NAME_LENGTH = 40 + 17;

export interface ControlDirEnv {
  XDG_RUNTIME_DIR?: string | undefined;
  TMPDIR?: string | undefined;
}

/** Whether a socket in `dir` fits the unix socket limit (with the terminating NUL). */
export const fitsSocketLimit = (dir: string): boolean => Buffer.byteLength(dir) + 1 + SOCKET_NAME_LENGTH + 1 <= SOCKET_PATH_MAX;

/**
 * `$XDG_RUNTIME_DIR/hangar-ssh` (already private to the user) when set, else `<tmpdir>/hangar-ssh-<uid>`, else
 * `/tmp/hangar-ssh-<uid>` when those are too long for a socket path; undefined when none fits.
 */
export function chooseControlDir(env: ControlDirEnv = process.env, uid = process.getuid?.() ?? 0): string | undefined {
  const candidates = [
    env.XDG_RUNTIME_DIR && isAbsolute(env.XDG_RUNTIME_DIR) ? join(env.XDG_RUNTIME_DIR, 'hangar-ssh') : undefined,
    join(env.TMPDIR && isAbsolute(env.TMPDIR) ? env.TMPDIR : tmpdir(), `hangar-ssh-${uid}`),
    `/tmp/hangar-ssh-${uid}`,
  ];
  return candidates.find((dir): dir is string => dir !== undefined && fitsSocketLimit(dir));
}

/**
 * Creates `dir` mode 0700, or checks the one there: a real folder (not a link), owned by this user, which nobody
 * else can enter (a looser mode of our own folder is tightened). Returns why it cannot be used, or undefined.
 */
export function prepareControlDir(dir: string, uid = process.getuid?.() ?? 0): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return `${dir} is not a folder`;
    if (stat.uid !== uid) return `${dir} belongs to another user (uid ${stat.uid})`;
    if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return undefined;
  } catch (error) {
    return `cannot prepare ${dir}: ${(error as Error).message}`;
  }
}

/**
 * Turns OpenSSH connection reuse on when `controlPersist` is above 0 and a private folder is at hand (created
 * unless `create` is false, for a dry run); otherwise says why it is off, once, and runs without it.
 */
export function withConnectionReuse(ssh: SshOptions, emit: Pick<Emitter, 'warn'>, create = true, env: ControlDirEnv = process.env): SshOptions {
  const persist = ssh.controlPersist ?? 0;
  if (persist <= 0) return ssh;
  const dir = chooseControlDir(env);
  const problem = dir === undefined ? `no folder short enough for a ${SOCKET_PATH_MAX}-byte socket path` : create ? prepareControlDir(dir) : undefined;
  if (dir === undefined || problem) {
    emit.warn(`ssh connection reuse is off for this deploy: ${problem}`);
    return ssh;
  }
  return { ...ssh, reuse: { dir, persist } };
}
