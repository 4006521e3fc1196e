// hangar's own state folder beside nodes.json (.hangar/: history, locks, sandbox): created with a .gitignore so it never ends up in a commit.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STATE_DIR_NAME = '.hangar';

/** Creates `<projectDir>/.hangar` (and a `.gitignore` ignoring all of it, when missing); returns its path. */
export function ensureStateDir(projectDir: string): string {
  const dir = join(projectDir, STATE_DIR_NAME);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(join(dir, '.gitignore'), '# hangar state (history, locks, sandbox): not for version control\n*\n', { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return dir;
}
