// Which registry a command uses: etcd when configured, else none (the runtime may put a stand-in in front: src/runtime.ts).
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

/** Opens the registry of a project (or of the settings given), undefined when none is configured. */
export type RegistryOpener = (config: Config | undefined, extra?: OpenRegistryOptions) => Promise<Registry | undefined>;

/**
 * The etcd registry when HANGAR_ETCD_ENDPOINTS or `__settings__.registry.endpoints` is set (TLS/auth from
 * settings and env), else undefined: always over etcd's JSON gateway (node:http, node:https for https endpoints).
 *
 * TLS: with `--client-cert-auth`, etcd's gateway forwards each request to etcd's own gRPC server presenting
 * the server certificate (`--cert-file`) as its client certificate, so that certificate must carry the
 * clientAuth extended key usage besides serverAuth (etcd docs, op-guide/security, "Notes for TLS
 * authentication"); without it every request fails as if etcd were unreachable.
 */
export const openRegistry: RegistryOpener = async (config, extra = {}) => {
  const env = extra.env ?? process.env;
  const connection = resolveEtcdConnection(extra.settings ?? config?.settings.registry, env);
  if (!connection) return undefined;
  const { EtcdRegistry } = await import('./etcd.js');
  return new EtcdRegistry(connection, { warn: extra.warn });
};

/** Like openRegistry, but throws a HangarError that says how to configure one when there is none. */
export async function requireRegistry(config: Config | undefined, extra: OpenRegistryOptions = {}, open: RegistryOpener = openRegistry): Promise<Registry> {
  const registry = await open(config, extra);
  if (registry) return registry;
  throw usageError('registry.none', 'no service registry is configured', {
    hint: 'set HANGAR_ETCD_ENDPOINTS=http://HOST:2379 (comma-separated), or "__settings__": {"registry": {"endpoints": ["http://HOST:2379"]}} in nodes.json; or try it with --sandbox',
  });
}

/** A fresh in-memory registry (unit tests, embedding). */
export function createMemoryRegistry(): MemoryRegistry {
  return new MemoryRegistry();
}

export type { Registry } from './types.js';
