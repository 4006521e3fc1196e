// One registry watch on etcd over gRPC (etcd3, for TLS connections) that outlives outages: resumed from the last delivered revision, resynced when etcd lost its data.
//
// etcd3 re-attaches a broken watch by itself, from the revision in the last response header; a watch that was
// still catching up would then skip events, and a watch resumed past the end of a restored (or recreated) etcd
// waits for revisions that will never mean the same thing. So on a disconnect this watch lets etcd3's watcher
// go (public `cancel()`), and once etcd answers again it reads the prefix: when the revision (or the raft term)
// went back, the data was lost (or etcd compacted the history the watch needs), and consumers get everything there is now (a `back` state with `resynced`, or an
// error that makes them list again when they do not follow the state); otherwise a new
// watcher (public `startRevision()`) resumes right after the last event delivered. Nothing here throws into
// etcd3's event emitters: every handler is guarded.
import type { Etcd3, IKeyValue, IWatchResponse, Watcher } from 'etcd3';
import { HangarError, messageOf } from '../../errors.js';
import type { RegistryEvent, RegistryState, ServiceEntry } from '../types.js';

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 3_000;
/** How long one reconnect attempt (read + new watcher) may take before it is tried again. */
const ATTEMPT_MS = 4_000;

export interface EtcdWatchOptions {
  client: Etcd3;
  /** `<prefix>/services/` */
  keyPrefix: string;
  fromRevision: number;
  /** A checked entry, `bad` for a key of ours whose value is not usable (warned), undefined for a foreign key. */
  decode: (kv: IKeyValue) => ServiceEntry | 'bad' | undefined;
  /** Whether a previous value was a valid entry (said nothing: it was warned about when it was put). */
  wasValid: (kv: IKeyValue) => boolean;
  /** The service and instance of a deleted key, when it is a valid one. */
  keyOf: (key: string) => { service: string; instance: string } | undefined;
  onEvent: (event: RegistryEvent) => void;
  onState?: ((state: RegistryState) => void) | undefined;
  /** Ends the watch (the consumer lists again): only when the data was lost and nobody follows `onState`. */
  onError?: ((error: unknown) => void) | undefined;
  /** Problems that are not the registry's state: a consumer that threw. */
  warn: (message: string) => void;
  explain: (error: unknown) => unknown;
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });

export class EtcdWatch {
  private last: number;
  private term: number | undefined;
  private watcher: Watcher | undefined;
  private stopped = false;
  private downSince: number | undefined;
  private reconnecting = false;
  private retry: NodeJS.Timeout | undefined;
  private backoff = RETRY_MIN_MS;
  /** etcd no longer has the history after `last` (compacted): the next reconnect reads everything again. */
  private compacted = false;

  constructor(private readonly options: EtcdWatchOptions) {
    this.last = options.fromRevision;
  }

  /** The first watcher; an error here is the caller's (the registry is not there at all). */
  async start(): Promise<void> {
    this.attach(await this.openWatcher(this.last));
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.release();
  }

  /**
   * A watcher of every change after `after`, through etcd3's public builder (with the previous values, see
   * toEvent). etcd3 waits for a connection without end: after ATTEMPT_MS this gives up, and a watcher that
   * connects later after all is cancelled.
   */
  private async openWatcher(after: number): Promise<Watcher> {
    const pending = this.options.client
      .watch()
      .prefix(this.options.keyPrefix)
      .startRevision(String(after + 1))
      .withPreviousKV()
      .create();
    try {
      return await withTimeout(pending, ATTEMPT_MS, 'starting a watch');
    } catch (error) {
      pending.then(
        (late) => void late.cancel().catch(() => undefined),
        () => undefined,
      );
      throw error;
    }
  }

  private attach(watcher: Watcher): void {
    if (this.stopped) {
      void watcher.cancel().catch(() => undefined);
      return;
    }
    this.watcher = watcher;
    watcher.on('data', (response) => this.guard(() => this.handleData(watcher, response)));
    watcher.on('disconnected', (error) => this.guard(() => this.lose(watcher, error)));
    // A watch etcd cancelled (its start revision was compacted away, a permission was revoked): read it all again.
    watcher.on('error', (error) => this.guard(() => this.lose(watcher, error)));
  }

  private release(): void {
    const watcher = this.watcher;
    this.watcher = undefined;
    if (watcher) void watcher.cancel().catch(() => undefined);
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.options.warn(`registry watch: ${messageOf(error)}`);
    }
  }

  private handleData(watcher: Watcher, response: IWatchResponse): void {
    if (watcher !== this.watcher) return;
    this.noteTerm(response.header.raft_term);
    const floor = this.last;
    for (const event of response.events) {
      const revision = Number(event.kv.mod_revision);
      if (!(revision > floor)) continue;
      const converted = this.toEvent(event.type, event.kv, event.prev_kv, revision);
      this.last = Math.max(this.last, revision);
      if (converted) this.deliver(converted);
    }
  }

  /**
   * A put of a valid entry is a put. A delete, or a put of a bad value, is a delete of what a consumer may
   * have: only when the key held a valid entry before (etcd sends the previous value; when it no longer
   * has it, compacted, the delete is sent anyway; a key at version 1 had no previous value). A bad entry
   * that goes away was never shown, so nothing is said.
   */
  private toEvent(type: 'Put' | 'Delete', kv: IKeyValue, previous: IKeyValue | undefined, revision: number): RegistryEvent | undefined {
    if (type === 'Put') {
      const entry = this.options.decode(kv);
      if (entry === undefined) return undefined;
      if (entry !== 'bad') return { type: 'put', entry, revision };
      // A bad value under a key that did not exist before: there is nothing to forget.
      if (String(kv.version) === '1') return undefined;
    }
    const where = this.options.keyOf(kv.key.toString());
    if (!where) return undefined;
    if (previous && !this.options.wasValid(previous)) return undefined;
    return { type: 'delete', ...where, revision };
  }

  /** A consumer's state handler that throws must not stop the watch from carrying on. */
  private tell(state: RegistryState): void {
    try {
      this.options.onState?.(state);
    } catch (error) {
      this.options.warn(`registry watch: handling the registry's state (${state.type}) failed: ${messageOf(error)}`);
    }
  }

  private deliver(event: RegistryEvent): void {
    try {
      this.options.onEvent(event);
    } catch (error) {
      this.options.warn(`registry watch: handling ${event.type} (rev ${event.revision}) failed: ${messageOf(error)}`);
    }
  }

  private noteTerm(term: string | undefined): void {
    const value = Number(term);
    if (Number.isFinite(value) && value > 0) this.term = Math.max(this.term ?? 0, value);
  }

  private lose(watcher: Watcher, error: unknown): void {
    if (watcher !== this.watcher || this.stopped) return;
    this.noteCompaction(error);
    this.release();
    this.downSince ??= Date.now();
    this.tell({ type: 'unreachable', error: this.options.explain(error) });
    this.schedule(RETRY_MIN_MS);
  }

  /** Whether etcd compacted away the revisions after `revision` (a count at `revision + 1` says so). */
  private async isCompactedAfter(revision: number): Promise<boolean> {
    try {
      await withTimeout(
        this.options.client
          .getAll()
          .prefix(this.options.keyPrefix)
          .revision(revision + 1)
          .count(),
        ATTEMPT_MS,
        'reading the history',
      );
      return false;
    } catch (error) {
      if (/compacted/i.test(messageOf(error))) return true;
      throw error;
    }
  }

  private noteCompaction(error: unknown): void {
    if (/compacted/i.test(messageOf(error))) this.compacted = true;
  }

  private schedule(delay: number): void {
    if (this.stopped || this.reconnecting) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.reconnect(), delay);
  }

  /** Reads the prefix, resyncs when etcd went back in time, then watches from the last delivered revision. */
  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    this.reconnecting = true;
    try {
      const read = await withTimeout(this.options.client.getAll().prefix(this.options.keyPrefix).exec(), ATTEMPT_MS, 'reading the registry');
      const revision = Number(read.header.revision);
      const term = Number(read.header.raft_term);
      const previous = this.last;
      if (!this.compacted && revision > previous) this.compacted = await this.isCompactedAfter(previous);
      const lostData = this.compacted || revision < previous || (this.term !== undefined && term < this.term);
      let entries: ServiceEntry[] = [];
      if (lostData) {
        if (!this.options.onState) {
          this.stop();
          this.options.onError?.(new HangarError('registry.resync', `the registry cannot resume from revision ${previous} (now ${revision}): list it again`));
          return;
        }
        entries = read.kvs.map((kv) => this.options.decode(kv)).filter((e): e is ServiceEntry => e !== undefined && e !== 'bad');
      }
      // After lost data, from the revision just read; else right after the last event delivered.
      const watcher = await this.openWatcher(lostData ? revision : previous);
      if (this.stopped) {
        void watcher.cancel().catch(() => undefined);
        return;
      }
      const why = this.compacted ? 'history compacted' : 'data lost';
      if (lostData) {
        this.last = revision;
        this.term = term;
        this.compacted = false;
      } else this.noteTerm(read.header.raft_term);
      this.attach(watcher);
      const downMs = Date.now() - (this.downSince ?? Date.now());
      this.downSince = undefined;
      this.backoff = RETRY_MIN_MS;
      this.tell({ type: 'back', downMs, revision: this.last, ...(lostData ? { resynced: { from: previous, to: revision, entries, why } } : {}) });
    } catch (error) {
      this.noteCompaction(error);
      this.reconnecting = false;
      this.backoff = Math.min(this.backoff * 2, RETRY_MAX_MS);
      this.tell({ type: 'retrying', error: this.options.explain(error), inMs: this.backoff });
      this.schedule(this.backoff);
      return;
    }
    this.reconnecting = false;
  }
}
