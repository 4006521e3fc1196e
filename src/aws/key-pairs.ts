// The key pair of instance:create: check the private key file, import its public key when the region lacks it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { execa } from 'execa';
import { HangarError, usageError } from '../errors.js';
import { awsErrorCode } from './errors.js';

/** The key pair name of a key file: its base name without the extension (`keys/ops.pem` -> `ops`). */
export function keyNameOf(keyPath: string): string {
  const base = basename(keyPath);
  return extname(base) ? base.slice(0, -extname(base).length) : base;
}

/** Throws a usage error when the private key is missing, not a file, or readable by everyone. */
export function checkKeyFile(keyPath: string): string {
  const path = resolve(keyPath);
  let stats;
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
  const result = await execa('ssh-keygen', ['-y', '-f', keyPath], { reject: false, stdin: 'ignore', timeout: 15_000 });
  if (result.exitCode !== 0 || !result.stdout.trim()) {
    throw new HangarError('instance.key', `cannot derive the public key of ${keyPath}: ${result.stderr.trim() || result.shortMessage}`, {
      hint: `put its public key beside it as ${keyPath}.pub (a passphrase-protected key cannot be read headless)`,
    });
  }
  return { key: result.stdout.trim(), from: 'ssh-keygen -y' };
}

/** Makes sure key pair `name` exists in the client's region; imports the public key when not. Returns true when imported. */
export async function ensureKeyPair(ec2: EC2Client, name: string, keyPath: string, signal?: AbortSignal): Promise<{ imported: boolean; from?: string }> {
  const { DescribeKeyPairsCommand, ImportKeyPairCommand } = await import('@aws-sdk/client-ec2');
  const send = signal ? { abortSignal: signal } : {};
  try {
    const found = await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }), send);
    if ((found.KeyPairs ?? []).some((k) => k.KeyName === name)) return { imported: false };
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidKeyPair.NotFound') throw error;
  }
  const { key, from } = await publicKeyOf(keyPath);
  await ec2.send(
    new ImportKeyPairCommand({
      KeyName: name,
      PublicKeyMaterial: new TextEncoder().encode(key),
      TagSpecifications: [{ ResourceType: 'key-pair', Tags: [{ Key: 'hangar:imported', Value: 'true' }] }],
    }),
    send,
  );
  return { imported: true, from };
}
