// The plan: what generating would change on disk, as unified diffs.
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Config } from '../config/index.js';
import type { GeneratedFile } from './files.js';
import { readIfExists, writeIfChanged } from './write.js';

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

/** Writes every planned file that differs from disk; returns the paths written. */
export function applyPlan(config: Config, files: readonly PlannedFile[]): string[] {
  const written: string[] = [];
  for (const file of files) {
    if (file.status !== 'unchanged' && writeIfChanged(join(config.dir, file.path), file.content)) written.push(file.path);
  }
  return written;
}

export const changed = (files: readonly PlannedFile[]) => files.filter((f) => f.status !== 'unchanged');

