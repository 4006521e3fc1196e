// Locks in etcd, seen by every operator: `<prefix>/locks/<name>` under a kept-alive lease, created in a txn only if absent.
import type { Etcd3 } from 'etcd3';
import { etcdClientOptions } from '../registry/etcd-client.js';
import { type EtcdConnection, describeEtcd } from '../registry/settings.js';
import { type LockHolder, parseHolder } from './holder.js';
import type { HeldLock, LockBackend, TryResult } from './types.js';

export const locksPrefix = (prefix: string) => `${prefix.replace(/\/+$/, '')}/locks/`;

export class EtcdLockBackend implements LockBackend {
  readonly kind = 'etcd' as const;
  readonly where: string;
  private client: Etcd3 | undefined;

  constructor(
    private readonly connection: EtcdConnection,
    private readonly onLost?: (name: string) => void,
  ) {
    this.where = describeEtcd(connection);
  }

  private async open(): Promise<Etcd3> {
    if (!this.client) {
      const { Etcd3: Client } = await import('etcd3');
      this.client = new Client(etcdClientOptions(this.connection));
    }
    return this.client;
  }

  async tryLock(name: string, holder: LockHolder): Promise<TryResult> {
    try {
      return await this.tryLockOnce(name, holder);
    } catch (error) {
      // Nothing changed: no lock, no AWS call. Said as the registry says it (unreachable, auth, permission).
      const { explainEtcdError } = await import('../registry/etcd-errors.js');
      throw explainEtcdError(this.where, `taking the lock of ${name}`, error);
    }
  }

  private async tryLockOnce(name: string, holder: LockHolder): Promise<TryResult> {
    const client = await this.open();
    const key = `${locksPrefix(this.connection.prefix)}${name}`;
    // The lease ends by itself when this process dies: a dead holder frees the lock within the TTL.
    const lease = client.lease(this.connection.ttl, { autoKeepAlive: true });
    const id = await lease.grant();
    const response = await client
      .if(key, 'Create', '==', 0)
      .then(client.put(key).value(JSON.stringify(holder)).lease(id))
      .else(client.get(key))
      .commit();
    if (!response.succeeded) {
      await lease.revoke().catch(() => undefined);
      const value = response.responses[0]?.response_range?.kvs[0]?.value;
      return { ok: false, holder: value ? parseHolder(value.toString()) : undefined };
    }
    lease.on('lost', () => this.onLost?.(name));
    const lock: HeldLock = {
      name,
      backend: 'etcd',
      holder,
      async release() {
        lease.removeAllListeners('lost');
        await lease.revoke().catch(() => undefined);
      },
    };
    return { ok: true, lock };
  }

  async list(): Promise<LockHolder[]> {
    const client = await this.open();
    const values = await client.getAll().prefix(locksPrefix(this.connection.prefix)).strings();
    return Object.values(values).flatMap((text) => parseHolder(text) ?? []);
  }

  async close(): Promise<void> {
    this.client?.close();
    this.client = undefined;
  }
}
