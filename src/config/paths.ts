// __settings__.paths confined: every folder relative, inside the project, apart from the others and from .hangar.
import { STATE_DIR_NAME } from '../fs/state-dir.js';
import { isAbsolute, posix, win32 } from 'node:path';

/** hangar's own state folder (sandbox state, locks): no setting may point into or around it. */
export const STATE_DIR = STATE_DIR_NAME;

export interface PathProblem {
  /** The key path under __settings__, e.g. ['paths', 'cookbooks', 1]. */
  path: (string | number)[];
  message: string;
}

interface Entry {
  path: (string | number)[];
  label: string;
  folder: string;
}

/** The normalised form of a relative folder (`./roles/` -> `roles`), or a problem. */
function normalise(value: string): { folder: string } | { problem: string } {
  if (isAbsolute(value) || win32.isAbsolute(value)) return { problem: 'must be relative to the folder of nodes.json, not an absolute path' };
  if (/[\u0000-\u001f\u007f]/.test(value)) return { problem: 'must not contain control characters' };
  const folder = posix.normalize(value.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (folder === '..' || folder.startsWith('../')) return { problem: 'must stay inside the project folder (it escapes it with "..")' };
  if (folder === '.' || folder === '') return { problem: 'must be a folder inside the project, not the project folder itself' };
  return { folder };
}

const inside = (a: string, b: string) => a === b || a.startsWith(`${b}/`);

/**
 * Checks every entry of `paths` (a string, or a list of strings like `cookbooks`): relative,
 * inside the project, not the project itself, not .hangar, and no folder equal to or inside another.
 */
export function checkPaths(paths: Readonly<Record<string, string | readonly string[]>>): PathProblem[] {
  const problems: PathProblem[] = [];
  const entries: Entry[] = [];
  for (const [key, value] of Object.entries(paths)) {
    const list = typeof value === 'string' ? [{ value, path: ['paths', key] }] : value.map((v, i) => ({ value: v, path: ['paths', key, i] }));
    for (const { value: raw, path } of list) {
      const label = `paths.${key}${path.length > 2 ? `[${path[2]}]` : ''}`;
      const result = normalise(raw);
      if ('problem' in result) {
        problems.push({ path, message: `${label} ${JSON.stringify(raw)} ${result.problem}` });
        continue;
      }
      if (inside(result.folder, STATE_DIR)) {
        problems.push({ path, message: `${label} ${JSON.stringify(raw)} is inside ${STATE_DIR}, hangar's own state folder` });
        continue;
      }
      entries.push({ path, label, folder: result.folder });
    }
  }
  for (let i = 0; i < entries.length; i++) {
    for (let j = 0; j < entries.length; j++) {
      if (i === j) continue;
      const a = entries[i]!;
      const b = entries[j]!;
      if (a.folder === b.folder && i < j) {
        problems.push({ path: b.path, message: `${b.label} and ${a.label} are the same folder "${a.folder}": each kind needs its own` });
      } else if (a.folder !== b.folder && inside(a.folder, b.folder)) {
        problems.push({ path: a.path, message: `${a.label} "${a.folder}" is inside ${b.label} "${b.folder}": each kind needs its own folder` });
      }
    }
  }
  return problems;
}
