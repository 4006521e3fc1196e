// Atomic writes that leave an unchanged file alone (its mtime stays); file errors name the path.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { HangarError } from '../errors.js';

/** The file system calls a write makes: injectable so tests can fail one (disk full) without a full disk. */
export interface WriteIo {
  mkdirSync: (path: string, options: { recursive: true }) => unknown;
  writeFileSync: (path: string, content: string, options: { flag: 'wx'; mode?: number }) => void;
  renameSync: (from: string, to: string) => void;
  rmSync: (path: string, options: { force: true }) => void;
}

export const nodeWriteIo: WriteIo = { mkdirSync, writeFileSync, renameSync, rmSync };

const REASONS: Record<string, string> = {
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a folder on its path is a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'the name is too long',
};

/** Why a file operation failed, in words, with the system's code: `it is a folder, not a file (EISDIR)`. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  return (error as Error).message ?? String(error);
}

/** The file's text, or undefined when it does not exist; any other failure names the path. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HangarError('file.read', `cannot read ${path}: ${fileErrorReason(error)}`, { cause: error });
  }
}

/**
 * Temp names are unique per process (pid) and per write (counter), so node:crypto need not load; they are
 * guessable, so the temp file is created exclusively (`wx`: O_EXCL, never through a link someone planted).
 */
let tempCounter = 0;

/** Writes through a temp file in the same folder and a rename: readers never see half a file, no temp file is left. */
export function writeAtomic(path: string, content: string, mode?: number, io: WriteIo = nodeWriteIo): void {
  io.mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${(tempCounter++).toString(36)}.tmp`);
    try {
      io.writeFileSync(temp, content, mode === undefined ? { flag: 'wx' } : { flag: 'wx', mode });
    } catch (error) {
      // Something else holds that name (planted, or left by a dead process with our pid): not ours to touch; try the next.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 16) continue;
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') io.rmSync(temp, { force: true });
      throw error;
    }
    try {
      io.renameSync(temp, path);
      return;
    } catch (error) {
      io.rmSync(temp, { force: true });
      throw error;
    }
  }
}

/** Writes only when the content differs; returns whether it wrote. */
export function writeIfChanged(path: string, content: string, io: WriteIo = nodeWriteIo): boolean {
  if (readIfExists(path) === content) return false;
  writeAtomic(path, content, undefined, io);
  return true;
}
