// Integration tests need real binaries: skip loudly when one is missing, fail in CI.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of `name` on PATH (or as given when absolute), or undefined. */
export function findBinary(name: string): string | undefined {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * True when every binary is present. When one is missing: in CI (CI=true) throws,
 * so the suite fails; locally prints a loud warning, and the caller skips.
 */
export function haveBinaries(...names: string[]): boolean {
  const missing = names.filter((name) => !findBinary(name));
  if (missing.length === 0) return true;
  const message = `missing binaries: ${missing.join(', ')} (install them: bash .ci/run installs every one)`;
  if (process.env.CI) throw new Error(`CI: ${message}`);
  console.warn(`\n!!! SKIPPING integration tests: ${message}\n`);
  return false;
}
