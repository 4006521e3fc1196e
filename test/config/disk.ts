// Test helpers for config cases: a project folder from text or bytes, and a snapshot proving nothing was written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/project.js';

export { snapshot } from '../helpers/disk.js';

export const SEED = readFileSync(join(ROOT, 'test', 'config', 'fixtures', 'seed-nodes.json'), 'utf8');

/** A temp project whose nodes.json holds `content`. */
export function projectWith(content: string | Uint8Array): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-config-'));
  writeFileSync(join(dir, 'nodes.json'), content);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The seed text with one string replaced (the replacement must apply exactly once). */
export function seedWith(find: string, replace: string): string {
  const at = SEED.indexOf(find);
  if (at < 0 || SEED.indexOf(find, at + 1) >= 0) throw new Error(`seedWith: "${find}" must occur exactly once in the seed`);
  return SEED.slice(0, at) + replace + SEED.slice(at + find.length);
}

/** Deeply nested arrays under a group's default_attributes, in plain JSON. */
export function deepJson(depth: number): string {
  return `{"__base__": {"region": "r"}, "g": {"default_attributes": {"x": ${'['.repeat(depth)}${']'.repeat(depth)}}}}\n`;
}
