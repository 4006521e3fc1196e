// Which registry a command uses: the sandbox's derived one (--sandbox), etcd when configured, else none.
import type { GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import { usageError } from '../errors.js';
import { MemoryRegistry } from './memory.js';
import { type RegistrySettings, resolveEtcdConnection } from './settings.js';
import type { Registry } from './types.js';

export interface OpenRegistryOptions {
  /** Registry settings when there is no nodes.json (the agent reads them from its dna). */
  settings?: RegistrySettings | undefined;
  env?: NodeJS.ProcessEnv;
  /** Where skipped (invalid) registry entries are told, once per key and revision. */
  warn?: ((message: string) => void) | undefined;
}

/**
 * The registry for this invocation, or undefined when none is configured:
 * - `--sandbox` (with a config): derived from the sandbox's running instances;
 * - HANGAR_ETCD_ENDPOINTS or `__settings__.registry.endpoints`: etcd (TLS/auth from settings and env);
 * etcd3 and the AWS SDK are imported only when used.
 */
export async function openRegistry(
  options: GlobalOptions,
  config: Config | undefined,
  extra: OpenRegistryOptions = {},
): Promise<Registry | undefined> {
  const env = extra.env ?? process.env;
  if (options.sandbox && config) {
    const { SandboxRegistry } = await import('./sandbox.js');
    return new SandboxRegistry(options, config);
  }
  const connection = resolveEtcdConnection(extra.settings ?? config?.settings.registry, env);
  if (connection) {
    const { EtcdRegistry } = await import('./etcd.js');
    return new EtcdRegistry(connection, { warn: extra.warn });
  }
  return undefined;
}

/** Like openRegistry, but throws a HangarError that says how to configure one when there is none. */
export async function requireRegistry(
  options: GlobalOptions,
  config: Config | undefined,
  extra: OpenRegistryOptions = {},
): Promise<Registry> {
  const registry = await openRegistry(options, config, extra);
  if (registry) return registry;
  throw usageError('registry.none', 'no service registry is configured', {
    hint:
      'set HANGAR_ETCD_ENDPOINTS=http://HOST:2379 (comma-separated), or "__settings__": {"registry": {"endpoints": ["http://HOST:2379"]}} in nodes.json; or try it with --sandbox',
  });
}

/** A fresh in-memory registry (unit tests, embedding). */
export function createMemoryRegistry(): MemoryRegistry {
  return new MemoryRegistry();
}

export type { Registry } from './types.js';
