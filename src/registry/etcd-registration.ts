// One etcd registration: entries under a kept-alive lease, put again under a new lease when it is lost; a drain mark wins over the entries' status.
import type { EtcdHttpClient } from './etcd-http/client.js';
import { EtcdLease } from './etcd-http/lease.js';
import { drainingKey, encodeEntry, entryKey } from './keys.js';
import type { RegisterOptions, Registration, ServiceEntry } from './types.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

/**
 * Puts `entry` under `leaseId` in one transaction that reads the instance's drain mark:
 * with a mark the entry is stored `draining`, else as given. A re-registration (after a lost
 * lease, a restart of the agent, or a recovered status check) therefore cannot undo a drain.
 * Resolves to the status stored.
 */
export async function putEntry(client: EtcdHttpClient, prefix: string, entry: ServiceEntry, leaseId: string): Promise<ServiceEntry['status']> {
  const key = entryKey(prefix, entry.service, entry.instance);
  const draining = encodeEntry({ ...entry, status: 'draining' });
  const marked = await client.txn(
    [{ key: drainingKey(prefix, entry.instance), target: 'VERSION', result: 'GREATER', value: 0 }],
    [{ put: { key, value: draining, lease: leaseId } }],
    [{ put: { key, value: encodeEntry(entry), lease: leaseId } }],
  );
  return marked ? 'draining' : entry.status;
}

/** Holds entries under a lease; when the lease is lost, grants a new one and puts them again, with backoff. */
export class EtcdRegistration implements Registration {
  private lease: EtcdLease | undefined;
  private released = false;
  private retry: NodeJS.Timeout | undefined;
  draining = false;

  constructor(
    private readonly client: EtcdHttpClient,
    private readonly prefix: string,
    private readonly entries: ServiceEntry[],
    private readonly ttl: number,
    private readonly onState: RegisterOptions['onState'],
  ) {}

  async attach(): Promise<void> {
    const lease: EtcdLease = new EtcdLease(this.client, this.ttl, (error) => this.handleLost(lease, error));
    try {
      const id = await lease.grant();
      let draining = false;
      for (const entry of this.entries) draining = (await putEntry(this.client, this.prefix, entry, id)) === 'draining' || draining;
      this.draining = draining;
    } catch (error) {
      lease.release();
      throw error;
    }
    if (this.released) {
      await lease.revoke().catch(() => undefined);
      return;
    }
    this.lease = lease;
  }

  private handleLost(lease: EtcdLease, error: unknown): void {
    if (lease !== this.lease || this.released) return;
    this.lease = undefined;
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
    await lease.revoke().catch(() => lease.release());
  }
}
