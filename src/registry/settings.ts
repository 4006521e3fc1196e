// Where the registry is: etcd endpoints, TLS and auth from __settings__.registry (or a dna's copy) and the environment.
import { readFileSync } from 'node:fs';
import { usageError } from '../errors.js';

/** Where entries live and how long a registration outlives its agent, when the settings say nothing (here, not in keys.ts: reading settings must not load the entry schema and node:net). */
export const DEFAULT_PREFIX = '/hangar';
export const DEFAULT_TTL = 10;

/** `__settings__.registry` as nodes.json (or a dna's `hangar.registry`) gives it; the password is never here. */
export interface RegistrySettings {
  endpoints?: string[] | undefined;
  prefix?: string | undefined;
  ttl?: number | undefined;
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  user?: string | undefined;
}

export interface EtcdConnection {
  endpoints: string[];
  prefix: string;
  ttl: number;
  /** PEM contents, read from the files named in settings/env. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  auth?: { user: string; password: string };
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The prefix and TTL that apply, even without etcd (the sandbox and memory registries use them too). */
export function registryLayout(settings: RegistrySettings | undefined): { prefix: string; ttl: number } {
  return { prefix: settings?.prefix ?? DEFAULT_PREFIX, ttl: settings?.ttl ?? DEFAULT_TTL };
}

/** Endpoints from HANGAR_ETCD_ENDPOINTS (wins) or the settings; none means no etcd. */
export function etcdEndpoints(settings: RegistrySettings | undefined, env: NodeJS.ProcessEnv): string[] {
  return list(env.HANGAR_ETCD_ENDPOINTS) ?? settings?.endpoints ?? [];
}

function readPem(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw usageError('registry.tls', `cannot read the etcd ${what} ${path}: ${(error as Error).message}`, {
      cause: error,
      hint: 'set __settings__.registry.ca/cert/key or HANGAR_ETCD_CA/_CERT/_KEY to readable PEM files',
    });
  }
}

/** `%40` -> `@`; a malformed escape is kept as written. */
function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Endpoints without their userinfo (etcd3 and gRPC would carry it into their errors), and the first
 * `user:password` found there, which serves as the credentials when HANGAR_ETCD_USER does not name any.
 */
function splitUserinfo(endpoints: readonly string[]): { hosts: string[]; auth?: { user: string; password: string } } {
  let auth: { user: string; password: string } | undefined;
  const hosts = endpoints.map((endpoint) => {
    const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@(.*)$/i.exec(endpoint);
    if (!match) return endpoint;
    const [user, ...password] = match[2]!.split(':');
    if (!auth && user && password.length) auth = { user: decodeSafely(user), password: decodeSafely(password.join(':')) };
    return `${match[1]}${match[3]}`;
  });
  return auth ? { hosts, auth } : { hosts };
}

/** The etcd connection, or undefined when no endpoint is configured. The environment wins over settings. */
export function resolveEtcdConnection(settings: RegistrySettings | undefined, env: NodeJS.ProcessEnv): EtcdConnection | undefined {
  const { hosts: endpoints, auth: fromUrl } = splitUserinfo(etcdEndpoints(settings, env));
  if (endpoints.length === 0) return undefined;
  const connection: EtcdConnection = { endpoints, ...registryLayout(settings) };
  const ca = env.HANGAR_ETCD_CA || settings?.ca;
  const cert = env.HANGAR_ETCD_CERT || settings?.cert;
  const key = env.HANGAR_ETCD_KEY || settings?.key;
  if ((cert || key) && !(cert && key)) {
    throw usageError('registry.tls', 'an etcd client certificate needs both a cert and a key', {
      hint: 'set both HANGAR_ETCD_CERT and HANGAR_ETCD_KEY (or registry.cert and registry.key)',
    });
  }
  if (ca || cert) {
    connection.tls = {
      ...(ca ? { ca: readPem('CA', ca) } : {}),
      ...(cert && key ? { cert: readPem('certificate', cert), key: readPem('key', key) } : {}),
    };
  }
  const user = env.HANGAR_ETCD_USER || settings?.user;
  if (user) {
    const password = env.HANGAR_ETCD_PASSWORD;
    if (!password) {
      throw usageError('registry.auth', `etcd user "${user}" is set but HANGAR_ETCD_PASSWORD is not`, {
        hint: 'export HANGAR_ETCD_PASSWORD (the password is read from the environment only, never from nodes.json)',
      });
    }
    connection.auth = { user, password };
  } else if (fromUrl) connection.auth = fromUrl;
  return connection;
}

/** `etcd host:port,...` for headers and logs: no scheme, no userinfo, never a credential. */
export function describeEtcd(connection: EtcdConnection): string {
  const hosts = connection.endpoints.map((endpoint) => endpoint.replace(/^[a-z]+:\/\//i, '').replace(/^[^@/]*@/, ''));
  return `etcd ${hosts.join(',')}${connection.tls ? ' (tls)' : ''}`;
}
