// One etcd lease kept alive over the gateway: a keep-alive every third of its TTL, retried sooner when etcd does not answer, lost only when it is gone.
import { messageOf } from '../../errors.js';
import type { EtcdHttpClient } from './client.js';

const RETRY_MS = 500;

export class EtcdLease {
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  private lastKept = 0;
  id: string | undefined;

  constructor(
    private readonly client: EtcdHttpClient,
    private readonly ttl: number,
    private readonly onLost: (error: unknown) => void,
  ) {}

  async grant(): Promise<string> {
    const { id } = await this.client.grantLease(this.ttl);
    this.id = id;
    this.lastKept = Date.now();
    this.schedule(this.period());
    return id;
  }

  private period(): number {
    return Math.max(250, (this.ttl * 1000) / 3);
  }

  private schedule(delay: number): void {
    if (this.released) return;
    this.timer = setTimeout(() => void this.keep(), delay);
  }

  /**
   * A keep-alive. etcd saying the lease is gone (TTL 0), or no answer for longer than the TTL, is the loss;
   * an unanswered try before that (a leader election, a member gone: the transport tried the others) is tried again soon.
   */
  private async keep(): Promise<void> {
    if (this.released || !this.id) return;
    let error: unknown;
    try {
      const left = await this.client.keepAlive(this.id);
      if (left > 0) {
        this.lastKept = Date.now();
        return this.schedule(this.period());
      }
      error = new Error('etcd no longer has the lease (it expired)');
    } catch (caught) {
      error = caught;
      if (Date.now() - this.lastKept < this.ttl * 1000) return this.schedule(RETRY_MS);
    }
    if (this.released) return;
    this.release();
    this.onLost(new Error(`lease ${this.id}: ${messageOf(error)}`));
  }

  /** Stops keeping it alive; its keys stay until it expires. */
  release(): void {
    this.released = true;
    clearTimeout(this.timer);
  }

  /** Deletes it and every key it holds. */
  async revoke(): Promise<void> {
    this.release();
    if (this.id) await this.client.revokeLease(this.id);
  }
}
