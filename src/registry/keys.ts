// The registry's key layout: `<prefix>/services/<service>/<instance-id>` -> JSON entry; `<prefix>/draining/<instance-id>` -> drain mark.
import type { ServiceEntry, ServiceStatus } from './types.js';

export const DEFAULT_PREFIX = '/hangar';
export const DEFAULT_TTL = 10;
/** How long a drain mark lives (seconds): far longer than any drain, short enough that marks of terminated instances clean themselves up. */
export const DRAIN_MARK_TTL = 86_400;

/** `<prefix>/draining/<instance-id>`: present while the instance is draining; registrations read it (see etcd.ts). */
export function drainingKey(prefix: string, instance: string): string {
  return `${prefix.replace(/\/+$/, '')}/draining/${instance}`;
}

/** `<prefix>/services/` with exactly one slash between parts. */
export function servicesPrefix(prefix: string, service?: string): string {
  const base = `${prefix.replace(/\/+$/, '')}/services/`;
  return service === undefined ? base : `${base}${service}/`;
}

export function entryKey(prefix: string, service: string, instance: string): string {
  return `${servicesPrefix(prefix, service)}${instance}`;
}

/** The service and instance named by a key under `prefix`, or undefined for a foreign key. */
export function parseKey(prefix: string, key: string): { service: string; instance: string } | undefined {
  const base = servicesPrefix(prefix);
  if (!key.startsWith(base)) return undefined;
  const [service, instance, ...rest] = key.slice(base.length).split('/');
  if (!service || !instance || rest.length > 0) return undefined;
  return { service, instance };
}

/** The stored value: `{host, port, group, instance, status, since}` (the service is in the key). */
export function encodeEntry(entry: ServiceEntry): string {
  const { host, port, group, instance, status, since } = entry;
  return JSON.stringify({ host, port, group, instance, status, since });
}

const STATUSES: readonly ServiceStatus[] = ['up', 'draining'];

/** The entry stored at `key`; undefined when the value is not one of ours. */
export function decodeEntry(prefix: string, key: string, value: string): ServiceEntry | undefined {
  const where = parseKey(prefix, key);
  if (!where) return undefined;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof raw.host !== 'string' || typeof raw.port !== 'number') return undefined;
  const status = STATUSES.includes(raw.status as ServiceStatus) ? (raw.status as ServiceStatus) : 'up';
  return {
    service: where.service,
    instance: where.instance,
    host: raw.host,
    port: raw.port,
    group: typeof raw.group === 'string' ? raw.group : '',
    status,
    since: typeof raw.since === 'string' ? raw.since : '',
  };
}

/** Stable order for lists: service, then instance. */
export function compareEntries(a: ServiceEntry, b: ServiceEntry): number {
  return a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance);
}
