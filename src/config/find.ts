// Where nodes.json is: --config PATH, -C DIR, or the current directory.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usageError } from '../errors.js';

export const CONFIG_FILE = 'nodes.json';

export interface FindOptions {
  config?: string | undefined;
  directory?: string | undefined;
  cwd?: string;
}

export function findConfig({ config, directory, cwd = process.cwd() }: FindOptions): string {
  const base = directory ? resolve(cwd, directory) : cwd;
  const path = config ? resolve(base, config) : join(base, CONFIG_FILE);
  if (!existsSync(path)) {
    throw usageError('config.missing', `no ${config ? path : `${CONFIG_FILE} in ${base}`}`, {
      hint: 'run hangar in the folder holding nodes.json, or pass --config PATH or -C DIR',
    });
  }
  return path;
}
