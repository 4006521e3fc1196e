// The plan: what generating would change on disk, as unified diffs.
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Config } from '../config/index.js';
import type { GeneratedFile } from './files.js';
import { HangarError } from '../errors.js';
import { type WriteIo, fileErrorReason, nodeWriteIo, readIfExists, writeIfChanged } from '../fs/atomic-write.js';

export type FileStatus = 'create' | 'update' | 'unchanged';

export interface PlannedFile extends GeneratedFile {
  status: FileStatus;
  /** What is on disk now, undefined when the file does not exist. */
  current: string | undefined;
}

export function planFiles(config: Config, files: readonly GeneratedFile[]): PlannedFile[] {
  return files.map((file) => {
    const current = readIfExists(join(config.dir, file.path));
    const status: FileStatus = current === undefined ? 'create' : current === file.content ? 'unchanged' : 'update';
    return { ...file, status, current };
  });
}

/** A unified diff of one planned file (empty when unchanged); /dev/null for a new file. */
export function diffFile(file: PlannedFile): string {
  if (file.status === 'unchanged') return '';
  const from = file.current === undefined ? '/dev/null' : `a/${file.path}`;
  return createTwoFilesPatch(from, `b/${file.path}`, file.current ?? '', file.content, undefined, undefined, {
    context: 3,
  }).replace(/^=+\n/, '');
}

/**
 * Writes every planned file that differs from disk; returns the paths written. Each file is atomic;
 * when one fails, the error names it and lists which files were written and which were not.
 */
export function applyPlan(config: Config, files: readonly PlannedFile[], io: WriteIo = nodeWriteIo): string[] {
  const pending = files.filter((file) => file.status !== 'unchanged');
  const written: string[] = [];
  for (const [index, file] of pending.entries()) {
    try {
      if (writeIfChanged(join(config.dir, file.path), file.content, io)) written.push(file.path);
    } catch (error) {
      const notWritten = pending.slice(index).map((f) => f.path);
      throw new HangarError('file.write', `could not write ${file.path}: ${fileErrorReason(error)}`, {
        cause: error,
        details: [`written: ${written.join(', ') || 'none'}`, `not written: ${notWritten.join(', ')}`],
        hint: written.length ? 'fix the cause and run the same command again: it writes what is missing' : undefined,
      });
    }
  }
  return written;
}

export const changed = (files: readonly PlannedFile[]) => files.filter((f) => f.status !== 'unchanged');
