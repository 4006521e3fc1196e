// Keeps one service of this node registered: after its status endpoint answers, off while it keeps failing, retried with backoff.
import { isHangarError, messageOf } from '../../errors.js';
import type { Registration, Registry, ServiceEntry } from '../types.js';
import type { AgentService } from './dna.js';
import { checkStatus } from './health.js';

export interface KeeperOptions {
  registry: Registry;
  instance: string;
  host: string;
  group: string;
  ttl: number;
  /** Status check period (ms). */
  intervalMs: number;
  /** Consecutive failed checks before a registered service is deregistered. */
  failuresToDeregister: number;
  log: (message: string) => void;
  warn: (message: string) => void;
}

const BACKOFF_MAX_MS = 30_000;
/** Errors that retrying will not fix: `agent --once` gives up on them at once. */
const FATAL_CODES = new Set(['registry.auth', 'registry.permission']);

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

export class ServiceKeeper {
  private registration: Registration | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private nextAttemptAt = 0;
  private backoffMs = 500;
  private stopped = false;
  private busy = false;
  /** Aborts an in-flight status check when the keeper stops. */
  private readonly stopping = new AbortController();
  private waitingLogged = false;
  private readonly waiters = new Set<Waiter>();
  /** Why the service is not registered yet, for `agent --once` giving up. */
  pending = 'its first check has not run yet';

  constructor(
    readonly service: AgentService,
    private readonly options: KeeperOptions,
  ) {}

  get registered(): boolean {
    return this.registration !== undefined;
  }

  /** Resolves once the service is registered; rejects on an error retrying cannot fix (refused credentials, no permission). */
  whenRegistered(): Promise<void> {
    if (this.registration) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.add({ resolve, reject }));
  }

  private settle(error?: unknown): void {
    for (const waiter of this.waiters) error === undefined ? waiter.resolve() : waiter.reject(error);
    this.waiters.clear();
  }

  start(): Promise<void> {
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    return this.tick();
  }

  /** One check, skipped while the previous one still runs (a hanging endpoint must not queue up checks). */
  tick(): Promise<void> {
    if (this.stopped || this.busy) return this.current;
    this.busy = true;
    this.current = this.check()
      .catch((error: unknown) => this.options.warn(`${this.service.name}: check failed: ${messageOf(error)}`))
      .finally(() => {
        this.busy = false;
      });
    return this.current;
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    const { service, options } = this;
    const healthy = service.status ? await checkStatus(options.host, service.port, service.status, undefined, this.stopping.signal) : true;
    if (this.stopped) return;
    if (healthy) {
      this.failures = 0;
      this.waitingLogged = false;
      if (!this.registration && Date.now() >= this.nextAttemptAt) await this.register();
      return;
    }
    this.failures++;
    const where = `http://${options.host}:${service.port}${service.status}`;
    if (this.registration && this.failures >= options.failuresToDeregister) {
      options.warn(`${service.name}: ${where} failed ${this.failures} checks in a row: deregistering`);
      await this.release();
    } else if (!this.registration && !this.waitingLogged) {
      this.waitingLogged = true;
      this.pending = `waiting for ${where} to answer 2xx`;
      options.log(`${service.name}: waiting for ${where} to answer 2xx before registering`);
    }
  }

  private entry(): ServiceEntry {
    const { service, options } = this;
    return {
      service: service.name,
      instance: options.instance,
      host: options.host,
      port: service.port,
      group: options.group,
      status: 'up',
      since: new Date().toISOString(),
    };
  }

  private async register(): Promise<void> {
    const { service, options } = this;
    try {
      this.registration = await options.registry.register([this.entry()], {
        ttl: options.ttl,
        onState: (state, error) => {
          if (state === 'lost') options.warn(`${service.name}: registry lease lost (${messageOf(error)}); re-registering when it is back`);
          else
            options.log(
              `${service.name}: registered again at ${options.host}:${service.port}${this.registration?.draining ? ' (draining: this instance is marked draining)' : ''}`,
            );
        },
      });
      this.backoffMs = 500;
      const drained = this.registration.draining ? '; draining: this instance is marked draining' : '';
      options.log(`${service.name}: registered at ${options.host}:${service.port} (${options.registry.description}${drained})`);
      this.settle();
      if (this.stopped) await this.release();
    } catch (error) {
      this.nextAttemptAt = Date.now() + this.backoffMs;
      // Attempts happen on check ticks: the next one is at the backoff or the next tick, whichever is later.
      const wait = Math.max(this.backoffMs, options.intervalMs);
      options.warn(`${service.name}: cannot register (${messageOf(error)}); retrying in ${Math.round(wait / 100) / 10} s`);
      this.pending = `cannot register (${messageOf(error)})`;
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
      if (isHangarError(error) && FATAL_CODES.has(error.code)) this.settle(error);
    }
  }

  private async release(): Promise<void> {
    const registration = this.registration;
    this.registration = undefined;
    await registration?.release();
  }

  /** Stops checking and deregisters (keep: leave the entry to expire with its lease, for --once). */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopping.abort();
    await this.current;
    if (options.keep) {
      this.registration?.detach?.();
      this.registration = undefined;
    } else await this.release();
  }
}
