// The etcd backend (etcd3): entries under leases, watches resumed from the last delivered revision.
import { Etcd3, type IKeyValue, type IOptions, type Lease, type Watcher } from 'etcd3';
import { explainEtcdError } from './etcd-errors.js';
import { compareEntries, decodeEntry, encodeEntry, entryKey, parseKey, servicesPrefix } from './keys.js';
import { type EtcdConnection, describeEtcd } from './settings.js';
import type { RegisterOptions, Registration, Registry, RegistryEvent, RegistrySnapshot, ServiceEntry, ServiceStatus } from './types.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;
const deadline = (ms: number) => ({ deadline: new Date(Date.now() + ms) });

/** Holds entries under a lease; when the lease is lost, grants a new one and puts them again, with backoff. */
class EtcdRegistration implements Registration {
  private lease: Lease | undefined;
  private released = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    private readonly entries: ServiceEntry[],
    private readonly ttl: number,
    private readonly onState: RegisterOptions['onState'],
  ) {}

  async attach(): Promise<void> {
    const lease = this.client.lease(this.ttl, { autoKeepAlive: true });
    lease.on('lost', (error) => this.handleLost(lease, error));
    try {
      await lease.grant();
      for (const entry of this.entries) {
        await lease.put(entryKey(this.prefix, entry.service, entry.instance)).value(encodeEntry(entry)).exec();
      }
    } catch (error) {
      lease.release();
      throw error;
    }
    if (this.released) {
      await lease.revoke(deadline(2_000)).catch(() => undefined);
      return;
    }
    this.lease = lease;
  }

  private handleLost(lease: Lease, error: unknown): void {
    if (lease !== this.lease || this.released) return;
    this.lease = undefined;
    lease.release();
    this.onState?.('lost', error);
    this.scheduleRetry(RETRY_MIN_MS);
  }

  private scheduleRetry(delay: number): void {
    this.retry = setTimeout(() => {
      this.attach().then(
        () => {
          if (!this.released) this.onState?.('restored');
        },
        () => {
          if (!this.released) this.scheduleRetry(Math.min(delay * 2, RETRY_MAX_MS));
        },
      );
    }, delay);
  }

  detach(): void {
    this.released = true;
    clearTimeout(this.retry);
    this.lease?.release();
    this.lease = undefined;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.retry);
    const lease = this.lease;
    this.lease = undefined;
    if (!lease) return;
    // Revoking the lease deletes every key it holds, in one step.
    await lease.revoke(deadline(3_000)).catch(() => lease.release());
  }
}

export class EtcdRegistry implements Registry {
  readonly kind = 'etcd' as const;
  readonly description: string;
  private readonly client: Etcd3;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor(connection: EtcdConnection) {
    this.description = describeEtcd(connection);
    this.prefix = connection.prefix;
    this.ttl = connection.ttl;
    const options: IOptions = { hosts: connection.endpoints, dialTimeout: 5_000 };
    if (connection.tls) {
      options.credentials = {
        rootCertificate: connection.tls.ca ?? (null as unknown as Buffer),
        ...(connection.tls.key ? { privateKey: connection.tls.key } : {}),
        ...(connection.tls.cert ? { certChain: connection.tls.cert } : {}),
      };
    }
    if (connection.auth) options.auth = { username: connection.auth.user, password: connection.auth.password };
    this.client = new Etcd3(options);
  }

  async register(entries: ServiceEntry[], options: RegisterOptions = {}): Promise<Registration> {
    const registration = new EtcdRegistration(this.client, this.prefix, entries, options.ttl ?? this.ttl, options.onState);
    await this.explain('registering', () => registration.attach());
    return registration;
  }

  async deregister(service: string, instance: string): Promise<void> {
    await this.explain('deregistering', () => this.client.delete().key(entryKey(this.prefix, service, instance)).exec());
  }

  async setStatus(instance: string, status: ServiceStatus): Promise<void> {
    const { entries } = await this.list();
    for (const entry of entries.filter((e) => e.instance === instance && e.status !== status)) {
      const next = { ...entry, status, since: new Date().toISOString() };
      // Keeps the key's lease: the node's agent still owns the entry.
      await this.explain('setting a status', () =>
        this.client.put(entryKey(this.prefix, entry.service, entry.instance)).value(encodeEntry(next)).ignoreLease().exec(),
      );
    }
  }

  async list(service?: string): Promise<RegistrySnapshot> {
    const response = await this.explain('listing services', () => this.client.getAll().prefix(servicesPrefix(this.prefix, service)).exec());
    const entries = response.kvs
      .map((kv) => decodeEntry(this.prefix, kv.key.toString(), kv.value.toString()))
      .filter((entry): entry is ServiceEntry => entry !== undefined)
      .sort(compareEntries);
    return { entries, revision: Number(response.header.revision) };
  }

  async watch(fromRevision: number, onEvent: (event: RegistryEvent) => void, onError?: (error: unknown) => void): Promise<() => void> {
    let last = fromRevision;
    const watcher: Watcher = await this.explain('starting a watch', () =>
      this.client.watch().prefix(servicesPrefix(this.prefix)).startRevision(String(fromRevision + 1)).create(),
    );
    // etcd3 resumes a broken watch from the header revision, which can skip events a
    // catching-up watch has not sent yet: resume from the last event delivered instead.
    const resumeFromLast = () => {
      watcher.request.start_revision = String(last + 1);
    };
    watcher.on('connected', resumeFromLast);
    watcher.on('data', (response) => {
      const floor = last;
      for (const event of response.events) {
        const revision = Number(event.kv.mod_revision);
        if (revision <= floor) continue;
        const converted = this.toEvent(event.type, event.kv, revision);
        if (converted) onEvent(converted);
        last = Math.max(last, revision);
      }
      resumeFromLast();
    });
    watcher.on('error', (error) => {
      if (onError) onError(explainEtcdError(this.description, 'watching', error));
    });
    return () => {
      void watcher.cancel().catch(() => undefined);
    };
  }

  private toEvent(type: 'Put' | 'Delete', kv: IKeyValue, revision: number): RegistryEvent | undefined {
    const key = kv.key.toString();
    if (type === 'Delete') {
      const where = parseKey(this.prefix, key);
      return where ? { type: 'delete', ...where, revision } : undefined;
    }
    const entry = decodeEntry(this.prefix, key, kv.value.toString());
    return entry ? { type: 'put', entry, revision } : undefined;
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
