// One registry watch on etcd that outlives outages: resumed from the last delivered revision, resynced when etcd lost its data.
//
// A watch resumed past the end of a restored (or recreated) etcd waits for revisions that will never mean the
// same thing. So when the watch stream ends (a member gone, the connection cut, etcd cancelled it) this watch
// lets it go, and once etcd answers again (any endpoint: the transport tries the next) it reads the prefix: when
// the revision (or the raft term) went back, the data was lost (or etcd compacted the history the watch needs),
// and consumers get everything there is now (a `back` state with `resynced`, or an error that makes them list
// again when they do not follow the state); otherwise a new stream resumes right after the last event delivered.
// Every handler is guarded: a consumer that throws is warned about, the watch carries on.
import { HangarError, messageOf } from '../errors.js';
import type { EtcdHttpClient } from './etcd-http/client.js';
import type { KeyValue, WatchEvent } from './etcd-http/schemas.js';
import type { WatchStream } from './etcd-http/watch-stream.js';
import type { RegistryEvent, RegistryState, ServiceEntry } from './types.js';

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 3_000;
/** How long one reconnect attempt (read + new watcher) may take before it is tried again. */
const ATTEMPT_MS = 4_000;

export interface EtcdWatchOptions {
  client: EtcdHttpClient;
  /** `<prefix>/services/` */
  keyPrefix: string;
  fromRevision: number;
  /** A checked entry, `bad` for a key of ours whose value is not usable (warned), undefined for a foreign key. */
  decode: (kv: KeyValue) => ServiceEntry | 'bad' | undefined;
  /** Whether a previous value was a valid entry (said nothing: it was warned about when it was put). */
  wasValid: (kv: KeyValue) => boolean;
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

/** One stream: events that arrive before it is attached wait in `queue`. */
interface Attempt {
  stream?: WatchStream;
  attached: boolean;
  /** The stream ended before it was attached: attaching loses it at once. */
  ended?: { error: unknown };
  queue: { events: WatchEvent[]; term: number }[];
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
  private watcher: Attempt | undefined;
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

  /** A stream of every change after `after` (with the previous values, see toEvent); the transport gives up after its timeout. */
  private async openWatcher(after: number): Promise<Attempt> {
    const attempt: Attempt = { attached: false, queue: [] };
    attempt.stream = await this.options.client.watch(this.options.keyPrefix, after, {
      onEvents: (events, header) =>
        this.guard(() => {
          if (attempt.attached) this.handleData(attempt, events, header.raft_term);
          else attempt.queue.push({ events, term: header.raft_term });
        }),
      onEnd: (error) =>
        this.guard(() => {
          if (attempt.attached) this.lose(attempt, error);
          else attempt.ended = { error };
        }),
      warn: this.options.warn,
    });
    return attempt;
  }

  private attach(attempt: Attempt): void {
    if (this.stopped) {
      attempt.stream?.cancel();
      return;
    }
    this.watcher = attempt;
    attempt.attached = true;
    for (const { events, term } of attempt.queue.splice(0)) this.handleData(attempt, events, term);
    if (attempt.ended) this.lose(attempt, attempt.ended.error);
  }

  private release(): void {
    const watcher = this.watcher;
    this.watcher = undefined;
    watcher?.stream?.cancel();
  }

  private guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.options.warn(`registry watch: ${messageOf(error)}`);
    }
  }

  private handleData(attempt: Attempt, events: WatchEvent[], term: number): void {
    if (attempt !== this.watcher || this.stopped) return;
    this.noteTerm(term);
    const floor = this.last;
    for (const event of events) {
      const revision = event.kv.mod_revision;
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
  private toEvent(type: 'PUT' | 'DELETE', kv: KeyValue, previous: KeyValue | undefined, revision: number): RegistryEvent | undefined {
    if (type === 'PUT') {
      const entry = this.options.decode(kv);
      if (entry === undefined) return undefined;
      if (entry !== 'bad') return { type: 'put', entry, revision };
      // A bad value under a key that did not exist before: there is nothing to forget.
      if (kv.version === 1) return undefined;
    }
    const where = this.options.keyOf(kv.key);
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

  private noteTerm(term: number): void {
    if (Number.isFinite(term) && term > 0) this.term = Math.max(this.term ?? 0, term);
  }

  private lose(watcher: Attempt, error: unknown): void {
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
        this.options.client.range(this.options.keyPrefix, { prefix: true, revision: revision + 1, countOnly: true }),
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
      const read = await withTimeout(this.options.client.range(this.options.keyPrefix, { prefix: true }), ATTEMPT_MS, 'reading the registry');
      const revision = read.header.revision;
      const term = read.header.raft_term;
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
        watcher.stream?.cancel();
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
