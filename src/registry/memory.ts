// The in-memory registry: revisions, leases, drain marks and watches in one process (unit tests, the sandbox's derived map).
// Drain marks behave as in etcd (see etcd.ts): setStatus keeps a per-instance mark, register stores `draining` while
// it is set; here a mark lasts until setStatus(instance, 'up') or close (nothing outlives the process anyway).
import { HangarError } from '../errors.js';
import { compareEntries } from './keys.js';
import type { Registration, Registry, RegistryEvent, RegistrySnapshot, ServiceEntry, ServiceStatus } from './types.js';

type Listener = (event: RegistryEvent) => void;

const keyOf = (service: string, instance: string) => `${service}\u0000${instance}`;

/** How many past events a watch can replay from; older revisions are "compacted". */
const HISTORY = 10_000;

export class MemoryRegistry implements Registry {
  readonly kind: Registry['kind'];
  readonly description: string;
  private revision = 0;
  private readonly entries = new Map<string, { entry: ServiceEntry; lease: number }>();
  private readonly history: RegistryEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private nextLease = 1;
  /** Instances marked draining by setStatus; registrations read it. */
  private readonly draining = new Set<string>();
  private closed = false;

  constructor(options: { kind?: Registry['kind']; description?: string } = {}) {
    this.kind = options.kind ?? 'memory';
    this.description = options.description ?? 'in-memory';
  }

  async register(entries: ServiceEntry[]): Promise<Registration> {
    this.checkOpen();
    const lease = this.nextLease++;
    for (const entry of entries) this.put(this.draining.has(entry.instance) ? { ...entry, status: 'draining' } : { ...entry }, lease);
    let released = false;
    return {
      draining: entries.some((entry) => this.draining.has(entry.instance)),
      release: async () => {
        if (released) return;
        released = true;
        for (const [key, held] of [...this.entries]) {
          if (held.lease === lease) this.remove(key);
        }
      },
    };
  }

  async deregister(service: string, instance: string): Promise<void> {
    this.checkOpen();
    this.remove(keyOf(service, instance));
  }

  async setStatus(instance: string, status: ServiceStatus): Promise<void> {
    this.checkOpen();
    if (status === 'draining') this.draining.add(instance);
    else this.draining.delete(instance);
    for (const held of [...this.entries.values()]) {
      if (held.entry.instance === instance && held.entry.status !== status) {
        this.put({ ...held.entry, status, since: new Date().toISOString() }, held.lease);
      }
    }
  }

  async list(service?: string): Promise<RegistrySnapshot> {
    this.checkOpen();
    return { entries: this.snapshot(service), revision: this.revision };
  }

  /** The current entries, synchronously (the derived registry diffs against them). */
  snapshot(service?: string): ServiceEntry[] {
    return [...this.entries.values()]
      .map(({ entry }) => ({ ...entry }))
      .filter((entry) => service === undefined || entry.service === service)
      .sort(compareEntries);
  }

  async watch(fromRevision: number, onEvent: Listener, onError?: (error: unknown) => void): Promise<() => void> {
    this.checkOpen();
    const oldest = this.history[0]?.revision ?? this.revision + 1;
    if (fromRevision + 1 < oldest && fromRevision < this.revision) {
      const error = new HangarError('registry.compacted', `revision ${fromRevision} is too old to watch from`, {
        hint: 'list again and watch from the new revision',
      });
      if (onError) onError(error);
      else throw error;
      return () => {};
    }
    for (const event of this.history) if (event.revision > fromRevision) onEvent(event);
    const listener: Listener = (event) => onEvent(event);
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }

  /** Puts an entry (held by `lease`, 0 for none) and tells the watchers. */
  put(entry: ServiceEntry, lease = 0): void {
    const key = keyOf(entry.service, entry.instance);
    this.entries.set(key, { entry: { ...entry }, lease });
    this.publish({ type: 'put', entry: { ...entry }, revision: ++this.revision });
  }

  /** Deletes an entry when present and tells the watchers. */
  remove(key: string): void {
    const held = this.entries.get(key);
    if (!held) return;
    this.entries.delete(key);
    this.publish({ type: 'delete', service: held.entry.service, instance: held.entry.instance, revision: ++this.revision });
  }

  /** Deletes the entry of `service` on `instance` (the derived registry's sync). */
  removeEntry(service: string, instance: string): void {
    this.remove(keyOf(service, instance));
  }

  private publish(event: RegistryEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY) this.history.splice(0, this.history.length - HISTORY);
    for (const listener of [...this.listeners]) listener(event);
  }

  private checkOpen(): void {
    if (this.closed) throw new HangarError('registry.closed', `the ${this.description} registry is closed`);
  }
}
