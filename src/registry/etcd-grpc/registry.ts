// The etcd backend over gRPC (etcd3), kept for TLS connections (etcd's JSON gateway needs a server certificate that is also a client one, see open.ts); the same behaviour as ../etcd.ts: entries under leases, checked on the way in, watches that outlive outages (watch.ts), drain marks that stick.
//
// Draining: setStatus(i, 'draining') first writes a drain mark `<prefix>/draining/<i>` under its own
// lease (DRAIN_MARK_TTL, a day: no agent keeps it alive, so marks of terminated instances go away by
// themselves), then rewrites each of i's entries as `draining`, one put each. Every registration puts
// its entries in a transaction that reads the mark (putEntry), so an agent re-registering after a lost
// lease, a restart or a recovered status check stores `draining` again: it cannot undo a drain.
// setStatus(i, 'up') deletes the mark, then rewrites the entries as `up`. The status lives in the
// entries' values, so list() and watch() read the same thing, and the watch still maps one etcd
// revision to one event (strictly increasing, none doubled). Deleting a mark by hand (etcdctl)
// changes no entry until the next registration or setStatus.
import { Etcd3, type IKeyValue } from 'etcd3';
import { etcdClientOptions } from '../etcd-client.js';
import { preview } from '../entry-schema.js';
import { explainEtcdError } from '../etcd-errors.js';
import { EtcdRegistration } from './registration.js';
import { EtcdWatch } from './watch.js';
import { DRAIN_MARK_TTL, compareEntries, decodeEntry, drainingKey, encodeEntry, entryKey, parseKey, readEntry, servicesPrefix } from '../keys.js';
import type { EtcdTuning } from '../etcd.js';
import { type EtcdConnection, describeEtcd } from '../settings.js';
import type { RegisterOptions, Registration, Registry, RegistryEvent, RegistrySnapshot, RegistryState, ServiceEntry, ServiceStatus } from '../types.js';

/** How many key@revision warnings are remembered before the memory starts afresh. */
const WARNED_MAX = 10_000;

export class EtcdGrpcRegistry implements Registry {
  readonly kind = 'etcd' as const;
  readonly description: string;
  private readonly client: Etcd3;
  private readonly prefix: string;
  private readonly ttl: number;
  private readonly drainMarkTtl: number;
  private readonly warn: (message: string) => void;
  private readonly warned = new Set<string>();

  constructor(connection: EtcdConnection, tuning: EtcdTuning = {}) {
    this.drainMarkTtl = tuning.drainMarkTtl ?? DRAIN_MARK_TTL;
    this.warn = tuning.warn ?? (() => undefined);
    this.description = describeEtcd(connection);
    this.prefix = connection.prefix;
    this.ttl = connection.ttl;
    this.client = new Etcd3(etcdClientOptions(connection));
  }

  async register(entries: ServiceEntry[], options: RegisterOptions = {}): Promise<Registration> {
    const registration = new EtcdRegistration(this.client, this.prefix, entries, options.ttl ?? this.ttl, options.onState);
    await this.explain('registering', () => registration.attach());
    return registration;
  }

  async deregister(service: string, instance: string): Promise<void> {
    await this.explain('deregistering', () =>
      this.client
        .delete()
        .key(entryKey(this.prefix, service, instance))
        .exec(),
    );
  }

  async setStatus(instance: string, status: ServiceStatus): Promise<void> {
    const mark = drainingKey(this.prefix, instance);
    if (status === 'draining') await this.explain('marking an instance draining', () => this.putDrainMark(mark));
    else await this.explain('clearing a drain mark', () => this.client.delete().key(mark).exec());
    // Then the entries there are now, one put each; a registration after the mark already reads it.
    const response = await this.explain('listing services', () => this.client.getAll().prefix(servicesPrefix(this.prefix)).exec());
    for (const kv of response.kvs) {
      const key = kv.key.toString();
      const entry = decodeEntry(this.prefix, key, kv.value.toString());
      if (!entry || entry.instance !== instance || entry.status === status) continue;
      const next = { ...entry, status, since: new Date().toISOString() };
      // Keeps the key's lease (the node's agent still owns the entry), and only if nobody wrote it since
      // we read it: a newer put is a registration, which read the mark itself; a deleted key stays deleted.
      await this.explain('setting a status', () =>
        this.client
          .if(key, 'Mod', '==', kv.mod_revision)
          .then(this.client.put(key).value(encodeEntry(next)).ignoreLease())
          .commit(),
      );
    }
  }

  /** Writes the drain mark under a fresh lease unless it is there already (the first drain's time is kept). */
  private async putDrainMark(key: string): Promise<void> {
    const lease = this.client.lease(this.drainMarkTtl, { autoKeepAlive: false });
    const id = await lease.grant();
    const response = await this.client
      .if(key, 'Version', '==', 0)
      .then(
        this.client
          .put(key)
          .value(JSON.stringify({ since: new Date().toISOString() }))
          .lease(id),
      )
      .commit();
    if (!response.succeeded) await lease.revoke().catch(() => undefined);
    lease.release();
  }

  async list(service?: string): Promise<RegistrySnapshot> {
    const response = await this.explain('listing services', () => this.client.getAll().prefix(servicesPrefix(this.prefix, service)).exec());
    const entries = response.kvs
      .map((kv) => this.decode(kv))
      .filter((entry): entry is ServiceEntry => entry !== undefined && entry !== 'bad')
      .sort(compareEntries);
    return { entries, revision: Number(response.header.revision) };
  }

  async watch(
    fromRevision: number,
    onEvent: (event: RegistryEvent) => void,
    onError?: (error: unknown) => void,
    onState?: (state: RegistryState) => void,
  ): Promise<() => void> {
    const watch = new EtcdWatch({
      client: this.client,
      keyPrefix: servicesPrefix(this.prefix),
      fromRevision,
      decode: (kv) => this.decode(kv),
      keyOf: (key) => parseKey(this.prefix, key),
      wasValid: (kv) => readEntry(this.prefix, kv.key.toString(), kv.value.toString())?.ok === true,
      onEvent,
      onState,
      onError,
      warn: this.warn,
      explain: (error) => explainEtcdError(this.description, 'watching', error),
    });
    await this.explain('starting a watch', () => watch.start());
    return () => watch.stop();
  }

  /**
   * The checked entry at `kv`: `bad` (skipped, and said once per key and revision) when the key or the
   * value is not a valid entry, undefined for a key that is not ours. Never throws.
   */
  private decode(kv: IKeyValue): ServiceEntry | 'bad' | undefined {
    const key = kv.key.toString();
    const checked = readEntry(this.prefix, key, kv.value.toString());
    if (checked === undefined) return undefined;
    if (checked.ok) return checked.value;
    const seen = `${key}@${kv.mod_revision}`;
    if (!this.warned.has(seen)) {
      if (this.warned.size >= WARNED_MAX) this.warned.clear();
      this.warned.add(seen);
      this.warn(`registry: skipped ${preview(key, 120)} (rev ${kv.mod_revision}): ${checked.problem}`);
    }
    return 'bad';
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async explain<T>(doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw explainEtcdError(this.description, doing, error);
    }
  }
}
