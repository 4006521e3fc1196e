// One etcd registration over gRPC (etcd3, for TLS connections): entries under a kept-alive lease, put again under a new lease when it is lost; a drain mark wins over the entries' status.
import type { Etcd3, Lease } from 'etcd3';
import { drainingKey, encodeEntry, entryKey } from '../keys.js';
import type { RegisterOptions, Registration, ServiceEntry } from '../types.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;
const deadline = (ms: number) => ({ deadline: new Date(Date.now() + ms) });

/**
 * Puts `entry` under `leaseId` in one transaction that reads the instance's drain mark:
 * with a mark the entry is stored `draining`, else as given. A re-registration (after a lost
 * lease, a restart of the agent, or a recovered status check) therefore cannot undo a drain.
 * Resolves to the status stored.
 */
export async function putEntry(client: Etcd3, prefix: string, entry: ServiceEntry, leaseId: string): Promise<ServiceEntry['status']> {
  const key = entryKey(prefix, entry.service, entry.instance);
  const draining = encodeEntry({ ...entry, status: 'draining' });
  const response = await client
    .if(drainingKey(prefix, entry.instance), 'Version', '>', 0)
    .then(client.put(key).value(draining).lease(leaseId))
    .else(client.put(key).value(encodeEntry(entry)).lease(leaseId))
    .commit();
  return response.succeeded ? 'draining' : entry.status;
}

/** Holds entries under a lease; when the lease is lost, grants a new one and puts them again, with backoff. */
export class EtcdRegistration implements Registration {
  private lease: Lease | undefined;
  private released = false;
  private retry: NodeJS.Timeout | undefined;
  draining = false;

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
      const id = await lease.grant();
      let draining = false;
      for (const entry of this.entries) draining = (await putEntry(this.client, this.prefix, entry, id)) === 'draining' || draining;
      this.draining = draining;
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
