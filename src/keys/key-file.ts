// The private key file of instance:create: its key pair name, a permission check, its public key (beside it, else ssh-keygen -y).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { HangarError, usageError } from '../errors.js';
import { captureProcess } from '../process/run.js';

/** The key pair name of a key file: its base name without the extension (`keys/ops.pem` -> `ops`). */
export function keyNameOf(keyPath: string): string {
  const base = basename(keyPath);
  return extname(base) ? base.slice(0, -extname(base).length) : base;
}

/** Throws a usage error when the private key is missing, not a file, or readable by everyone. */
export function checkKeyFile(keyPath: string): string {
  const path = resolve(keyPath);
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    throw usageError('instance.key', `key file ${keyPath} does not exist`, { hint: 'pass the private key of the key pair: --key path/to/key.pem' });
  }
  if (!stats.isFile()) throw usageError('instance.key', `key file ${keyPath} is not a file`);
  if (stats.mode & 0o004) {
    throw usageError('instance.key', `key file ${keyPath} is readable by everyone`, { hint: `restrict it: chmod 600 ${keyPath}` });
  }
  return path;
}

/** The public key of a private key: `<key>.pub` or `<key without extension>.pub` beside it, else `ssh-keygen -y -f KEY`. */
export async function publicKeyOf(keyPath: string): Promise<{ key: string; from: string }> {
  const withoutExt = extname(keyPath) ? keyPath.slice(0, -extname(keyPath).length) : keyPath;
  for (const candidate of [`${keyPath}.pub`, `${withoutExt}.pub`]) {
    if (existsSync(candidate)) return { key: readFileSync(candidate, 'utf8').trim(), from: candidate };
  }
  const result = await captureProcess({ file: 'ssh-keygen', args: ['-y', '-f', keyPath] }, { timeoutMs: 15_000 });
  if (result.exitCode !== 0 || !result.stdout.trim()) {
    throw new HangarError('instance.key', `cannot derive the public key of ${keyPath}: ${result.stderr.trim() || result.shortMessage}`, {
      hint: `put its public key beside it as ${keyPath}.pub (a passphrase-protected key cannot be read headless)`,
    });
  }
  return { key: result.stdout.trim(), from: 'ssh-keygen -y' };
}
