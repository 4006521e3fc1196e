// The agent's view of the registry: entries kept in step with list + watch, rendered to the attributes file.
import type { RegistryEvent, ServiceEntry } from '../types.js';

const keyOf = (service: string, instance: string) => `${service}/${instance}`;

export class ServiceMap {
  private readonly entries = new Map<string, ServiceEntry>();

  reset(entries: readonly ServiceEntry[]): void {
    this.entries.clear();
    for (const entry of entries) this.entries.set(keyOf(entry.service, entry.instance), entry);
  }

  /** Applies a watch event; returns the service it touched. */
  apply(event: RegistryEvent): string {
    if (event.type === 'put') {
      this.entries.set(keyOf(event.entry.service, event.entry.instance), event.entry);
      return event.entry.service;
    }
    this.entries.delete(keyOf(event.service, event.instance));
    return event.service;
  }

  has(service: string, instance: string): boolean {
    return this.entries.has(keyOf(service, instance));
  }

  /** Entries of the watched services (every service when `only` is undefined), sorted. */
  list(only?: readonly string[]): ServiceEntry[] {
    return [...this.entries.values()]
      .filter((entry) => only === undefined || only.includes(entry.service))
      .sort((a, b) => a.service.localeCompare(b.service) || a.host.localeCompare(b.host) || a.port - b.port || a.instance.localeCompare(b.instance));
  }
}

/**
 * The attributes file: `{"services": {"<name>": ["host:port", ...]}}`, instances that are `up` only
 * (draining ones are on their way out). A watched service with no instance is an empty list.
 */
export function renderAttributes(entries: readonly ServiceEntry[], watched?: readonly string[]): string {
  const services: Record<string, string[]> = {};
  for (const name of [...(watched ?? [])].sort()) services[name] = [];
  for (const entry of entries) {
    if (entry.status !== 'up') continue;
    const hosts = services[entry.service] ?? [];
    hosts.push(`${entry.host}:${entry.port}`);
    services[entry.service] = hosts;
  }
  const sorted = Object.fromEntries(
    Object.keys(services)
      .sort()
      .map((name) => [name, [...new Set(services[name])].sort()]),
  );
  return `${JSON.stringify({ services: sorted }, null, 2)}\n`;
}
