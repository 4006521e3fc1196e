// Temp copies of a project folder and the built CLI run on them as a child process.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** A temp folder holding a copy of the example project (nodes.json, generated files, the chef repo), or of `from`. */
export function tempProject(from = ROOT): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-test-'));
  for (const entry of ['nodes.json', 'roles', 'packer', 'dna', 'cookbooks', 'data_bags', 'environments']) {
    try {
      cpSync(join(from, entry), join(dir, entry), { recursive: true });
    } catch {
      // the project may not have every folder
    }
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node dist/cli.js ...args` in `cwd`; never throws on a non-zero exit. */
export function hangar(cwd: string, args: string[], env: Record<string, string> = {}) {
  return execa('node', [CLI, ...args], { cwd, env: { NO_COLOR: '1', ...env }, reject: false, stdin: 'ignore' });
}
