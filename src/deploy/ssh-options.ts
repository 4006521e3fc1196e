// Resolve how to reach the hosts: __settings__.ssh merged with the command's flags, paths checked.
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { Settings } from '../config/index.js';
import { usageError } from '../errors.js';
import type { SshOptions } from './command.js';

export interface SshFlags {
  key?: string | undefined;
  port?: number | undefined;
}

/** `~/x` -> home; a relative path is taken from `base`. */
export function resolvePath(path: string, base: string): string {
  if (path === '~' || path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return isAbsolute(path) ? path : resolve(base, path);
}

/**
 * --key (relative to the current folder) wins over __settings__.ssh.key (relative to nodes.json);
 * --port wins over __settings__.ssh.port. A key file that cannot be read is a usage error, before any host runs.
 */
export function resolveSshOptions(settings: Settings, configDir: string, flags: SshFlags, cwd = process.cwd()): SshOptions {
  const key = flags.key ? resolvePath(flags.key, cwd) : settings.ssh.key ? resolvePath(settings.ssh.key, configDir) : undefined;
  if (key) {
    try {
      accessSync(key, constants.R_OK);
    } catch {
      throw usageError('deploy.key', `cannot read the ssh key ${key}`, {
        hint: flags.key ? 'check the path given to --key' : 'check __settings__.ssh.key in nodes.json (relative to its folder)',
      });
    }
  }
  const port = flags.port ?? settings.ssh.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw usageError('deploy.port', `--port must be a port number (1-65535), got ${port}`);
  }
  return {
    key,
    port,
    connectTimeout: settings.ssh.connect_timeout,
    knownHosts: settings.ssh.known_hosts ? resolvePath(settings.ssh.known_hosts, configDir) : undefined,
    bastion: settings.ssh.bastion,
    controlPersist: settings.ssh.control_persist,
    connectAhead: settings.ssh.connect_ahead,
  };
}
