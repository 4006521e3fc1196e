// Waits for a file to appear in a folder (an ssh master's socket, bound once its login is done): one inotify watch per folder, closed when nobody waits.
import { type FSWatcher, existsSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

interface Folder {
  watcher: FSWatcher;
  /** File name → the waits for it. */
  waits: Map<string, Set<() => void>>;
}

const folders = new Map<string, Folder>();

function settleAll(dir: string, folder: Folder): void {
  folders.delete(dir);
  folder.watcher.close();
  for (const waits of folder.waits.values()) for (const done of waits) done();
}

/** The watch of `dir`, started on first use; undefined when the folder cannot be watched. */
function folderOf(dir: string): Folder | undefined {
  const known = folders.get(dir);
  if (known) return known;
  let watcher: FSWatcher;
  try {
    watcher = watch(dir, { persistent: false });
  } catch {
    return undefined;
  }
  const folder: Folder = { watcher, waits: new Map() };
  watcher.on('change', (_event, name) => {
    const waits = typeof name === 'string' ? folder.waits.get(name) : undefined;
    if (waits) for (const done of waits) done();
  });
  // A watch that fails (the folder went away) settles every wait: the waits are a hint, never a hang.
  watcher.on('error', () => settleAll(dir, folder));
  folders.set(dir, folder);
  return folder;
}

/**
 * Resolves when `path` exists, or when `until` settles, whichever comes first; at once when the folder cannot be
 * watched. Never rejects.
 */
export function whenAppears(path: string, until: Promise<unknown>): Promise<void> {
  if (existsSync(path)) return Promise.resolve();
  const dir = dirname(path);
  const name = basename(path);
  const folder = folderOf(dir);
  if (!folder) return Promise.resolve();
  return new Promise((resolve) => {
    const waits = folder.waits.get(name) ?? new Set();
    folder.waits.set(name, waits);
    const done = (): void => {
      if (!waits.delete(done)) return;
      if (waits.size === 0) folder.waits.delete(name);
      if (folder.waits.size === 0 && folders.get(dir) === folder) {
        folders.delete(dir);
        folder.watcher.close();
      }
      resolve();
    };
    waits.add(done);
    until.then(done, done);
    // It may have appeared between the first look and the watch.
    if (existsSync(path)) done();
  });
}
