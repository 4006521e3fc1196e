// The registry's key layout: `<prefix>/services/<service>/<instance-id>` -> JSON entry; `<prefix>/draining/<instance-id>` -> drain mark.
import { type Checked, MAX_VALUE_BYTES, check, checkName, entryValueSchema, preview } from './entry-schema.js';
import type { ServiceEntry } from './types.js';

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

/** The service and instance named by a key under `prefix`; undefined for a foreign key, `problem` for a key of ours that is malformed. */
export function readKey(prefix: string, key: string): { service: string; instance: string } | { problem: string } | undefined {
  const base = servicesPrefix(prefix);
  if (!key.startsWith(base)) return undefined;
  const parts = key.slice(base.length).split('/');
  if (parts.length !== 2) return { problem: `key has ${parts.length} parts after ${base} (expected <service>/<instance>)` };
  const [service, instance] = parts as [string, string];
  const problem = checkName('service name', service) ?? checkName('instance name', instance);
  return problem ? { problem } : { service, instance };
}

/** The service and instance named by a well-formed key under `prefix`, else undefined. */
export function parseKey(prefix: string, key: string): { service: string; instance: string } | undefined {
  const where = readKey(prefix, key);
  return where && !('problem' in where) ? where : undefined;
}

/** The stored value: `{host, port, group, instance, status, since}` (the service is in the key). */
export function encodeEntry(entry: ServiceEntry): string {
  const { host, port, group, instance, status, since } = entry;
  return JSON.stringify({ host, port, group, instance, status, since });
}

/**
 * The entry stored at `key`, checked: undefined for a foreign key, else the entry or what is wrong with the
 * key or the value (too big, not JSON, a field of the wrong type or out of range). Never throws.
 */
export function readEntry(prefix: string, key: string, value: string): Checked<ServiceEntry> | undefined {
  const where = readKey(prefix, key);
  if (!where) return undefined;
  if ('problem' in where) return { ok: false, problem: where.problem };
  if (value.length > MAX_VALUE_BYTES) return { ok: false, problem: `value is ${value.length} bytes (at most ${MAX_VALUE_BYTES})` };
  let raw: unknown;
  try {
    raw = JSON.parse(value);
  } catch {
    return { ok: false, problem: `value is not JSON (got ${preview(value)})` };
  }
  const checked = check(entryValueSchema, raw);
  if (!checked.ok) return checked;
  const { host, port, group = '', status = 'up', since = '' } = checked.value;
  return { ok: true, value: { service: where.service, instance: where.instance, host, port, group, status, since } };
}

/** The entry stored at `key`; undefined when the key or the value is not a valid one of ours. */
export function decodeEntry(prefix: string, key: string, value: string): ServiceEntry | undefined {
  const entry = readEntry(prefix, key, value);
  return entry?.ok ? entry.value : undefined;
}

/** Stable order for lists: service, then instance. */
export function compareEntries(a: ServiceEntry, b: ServiceEntry): number {
  return a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance);
}
