// Before/after snapshots of a project folder, proving a refused command wrote nothing.
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every entry under dir: regular files with their content and mtime, anything else by its kind
 * (a FIFO is never opened), so a before/after comparison proves nothing was written or touched.
 * `.hangar/` is left out: it is hangar's own state (the run's history record, lock files), written on
 * purpose for every run, refused or not; generated and project files are what must not change.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      if (folder === dir && entry === '.hangar') continue;
      const path = join(folder, entry);
      const stats = lstatSync(path);
      const key = path.slice(dir.length + 1);
      if (stats.isDirectory()) {
        out[`${key}/`] = 'dir';
        walk(path);
      } else if (stats.isFile()) out[key] = `${stats.mtimeMs} ${readFileSync(path, 'base64')}`;
      else out[key] = 'special';
    }
  };
  walk(dir);
  return out;
}
