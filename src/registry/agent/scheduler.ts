// Debounced provisioning: a quiet period and a maximum wait (consul-template's `wait`), never two runs at once, retries with backoff.

export interface SchedulerOptions {
  /** Quiet period: a run starts once no change came for this long (ms). */
  waitMin: number;
  /** Maximum wait: a run starts at most this long after the first pending change (ms). */
  waitMax: number;
  /** Does the work; returns false (or throws) when it failed and should be retried. */
  provision: () => Promise<boolean>;
  onError?: (error: unknown, retryInMs: number) => void;
  retryMinMs?: number;
  retryMaxMs?: number;
}

export class ProvisionScheduler {
  private firstPendingAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {}

  /** A change happened: run after the quiet period, or at the latest waitMax after the first pending change. */
  trigger(): void {
    if (this.stopped) return;
    const now = Date.now();
    this.firstPendingAt ??= now;
    const at = Math.min(now + this.options.waitMin, this.firstPendingAt + this.options.waitMax);
    this.schedule(Math.max(0, at - now));
  }

  /** Runs `task` when no provisioning runs, and keeps others out while it runs (e.g. a decommission recipe). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Cancels what is pending and waits for a run in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), delay);
  }

  private fire(): void {
    this.timer = undefined;
    this.firstPendingAt = undefined;
    void this.exclusive(async () => {
      if (this.stopped) return;
      let ok: boolean;
      let error: unknown;
      try {
        ok = await this.options.provision();
      } catch (caught) {
        ok = false;
        error = caught;
      }
      if (ok) {
        this.failures = 0;
        return;
      }
      if (this.stopped) return;
      this.failures++;
      const min = this.options.retryMinMs ?? 1_000;
      const delay = Math.min(min * 2 ** (this.failures - 1), this.options.retryMaxMs ?? 60_000);
      this.options.onError?.(error, delay);
      // A newer change (trigger) may start it sooner; until then the retry waits.
      if (!this.timer) this.schedule(delay);
    });
  }
}
