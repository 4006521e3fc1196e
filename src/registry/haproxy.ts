// haproxy config from the registry: rendered from templates/haproxy.cfg.hbs, checked with `haproxy -c`, swapped atomically, reloaded on change.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { HangarError } from '../errors.js';
import { loadTemplate } from '../generate/templates.js';
import { readIfExists } from '../fs/atomic-write.js';
import { type Command, buildProvisionCommand, formatCommand, runCommand } from './agent/command.js';
import { type ProxyOptions, proxyContext } from './haproxy-context.js';
import type { ServiceEntry } from './types.js';

export { type ProxyOptions, proxyContext } from './haproxy-context.js';

export function renderProxyConfig(projectDir: string, entries: readonly ServiceEntry[], options: ProxyOptions = {}): string {
  return loadTemplate(projectDir, 'haproxy.cfg')(proxyContext(entries, options));
}

/** `haproxy -c -f FILE` as a command (HANGAR_HAPROXY names another binary). */
export const haproxyCheckCommand = (file: string, env: NodeJS.ProcessEnv = process.env): Command => ({
  file: env.HANGAR_HAPROXY || 'haproxy',
  args: ['-c', '-f', file],
});

export type ProxyOutcome = 'unchanged' | 'written' | 'reloaded';

/** Runs `haproxy -c -f file`; throws proxy.invalid with haproxy's alerts when it fails. */
async function checkFile(file: string, signal: AbortSignal): Promise<void> {
  const check = haproxyCheckCommand(file);
  const lines: string[] = [];
  const outcome = await runCommand(check, signal, (line) => lines.push(line));
  if (!outcome.ok) {
    throw new HangarError('proxy.invalid', `haproxy rejected the rendered config (${formatCommand(check)} exited ${outcome.exitCode ?? 'abnormally'})`, {
      details: lines.filter((l) => /ALERT|WARNING|error|not found/i.test(l)).slice(0, 10),
      hint: 'fix templates/haproxy.cfg.hbs (or the registry entries); any existing config is left in place',
    });
  }
}

/** Checks a config that is not written anywhere (a temp file that is removed). */
export async function validateProxyConfig(content: string, signal: AbortSignal): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-haproxy-'));
  try {
    writeFileSync(join(dir, 'haproxy.cfg'), content);
    await checkFile(join(dir, 'haproxy.cfg'), signal);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes `content` to `path` when it changed: validated with `haproxy -c` on a temp file
 * beside it, renamed into place, then the reload command (argv, no shell) runs.
 */
export async function applyProxyConfig(path: string, content: string, reload: string | undefined, signal: AbortSignal): Promise<ProxyOutcome> {
  if (readIfExists(path) === content) return 'unchanged';
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temp, content);
  try {
    await checkFile(temp, signal);
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
  if (!reload) return 'written';
  const command = buildProvisionCommand(reload, path);
  const outcome = await runCommand(command, signal, () => undefined);
  if (!outcome.ok) {
    throw new HangarError('proxy.reload', `the reload command failed: ${formatCommand(command)} exited ${outcome.exitCode ?? 'abnormally'}`, {
      details: outcome.tail.slice(-5),
      hint: 'the new config is written; check the reload command (--reload-cmd)',
    });
  }
  return 'reloaded';
}
