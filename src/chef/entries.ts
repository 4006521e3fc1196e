// The files of a chef repo as a sorted list of entries (path on the node, mode, bytes), and their content hash.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChefRepo, RepoKind } from './repo.js';

export interface RepoEntry {
  /** Relative to the node's copy, with `/`: `cookbooks/seatgeek/recipes/base.rb`. */
  path: string;
  type: 'file' | 'dir';
  /** 0o755 for executables and folders, else 0o644. */
  mode: number;
  data: Buffer;
  /** Seconds since the epoch (tar headers only; not hashed). */
  mtime: number;
}

/** Every folder and file under the repo's folders (or those of `kinds`), dot-names skipped, symlinks followed, sorted by path. */
export function listRepoEntries(repo: ChefRepo, kinds?: readonly RepoKind[]): RepoEntry[] {
  const entries: RepoEntry[] = [];
  const walk = (absolute: string, path: string) => {
    const stat = statSync(absolute, { throwIfNoEntry: false });
    if (!stat) return;
    const mtime = Math.floor(stat.mtimeMs / 1000);
    if (stat.isDirectory()) {
      entries.push({ path, type: 'dir', mode: 0o755, data: Buffer.alloc(0), mtime });
      for (const name of readdirSync(absolute).sort()) if (!name.startsWith('.')) walk(join(absolute, name), `${path}/${name}`);
    } else if (stat.isFile()) {
      entries.push({ path, type: 'file', mode: stat.mode & 0o111 ? 0o755 : 0o644, data: readFileSync(absolute), mtime });
    }
  };
  for (const folder of repo.folders) if (!kinds || kinds.includes(folder.kind)) walk(join(repo.dir, folder.local), folder.node);
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A short, stable hash of entries: paths, types, modes and bytes (not times); the `hangar:chef` tag. */
export function hashEntries(entries: readonly RepoEntry[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) {
    hash.update(`${entry.type} ${entry.mode.toString(8)} ${entry.path}\0${entry.data.length}\0`);
    hash.update(entry.data);
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * What the `hangar:chef` hash covers: cookbooks, data bags, environments. Not roles: hangar generates them from
 * nodes.json (a group's role is covered by `hangar:config`), and hashing them would make a packer template
 * depend on role files written in the same run.
 */
export const HASHED_KINDS: readonly RepoKind[] = ['cookbooks', 'data_bags', 'environments'];

/** The content hash of the entries `hangar:chef` covers (entries of a whole listing are filtered by path). */
export function repoHashOf(repo: ChefRepo, entries: readonly RepoEntry[]): string {
  const hashed = new Set(repo.folders.filter((f) => HASHED_KINDS.includes(f.kind)).map((f) => f.node));
  return hashEntries(entries.filter((entry) => hashed.has(entry.path.split('/')[0]!)));
}

/** The content hash of a project's chef repo (`hangar:chef`); undefined when it has none. */
export function chefRepoHash(repo: ChefRepo): string | undefined {
  return repo.folders.length ? hashEntries(listRepoEntries(repo, HASHED_KINDS)) : undefined;
}
