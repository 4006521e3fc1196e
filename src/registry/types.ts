// The registry interface every backend (etcd, in-memory, sandbox-derived) implements.

export type ServiceStatus = 'up' | 'draining';

/** One service instance: the value stored at `<prefix>/services/<service>/<instance>`. */
export interface ServiceEntry {
  service: string;
  /** EC2 instance id. */
  instance: string;
  host: string;
  port: number;
  group: string;
  status: ServiceStatus;
  /** ISO time it was registered (or last changed status). */
  since: string;
}

export type RegistryEvent = { type: 'put'; entry: ServiceEntry; revision: number } | { type: 'delete'; service: string; instance: string; revision: number };

/**
 * What a watch tells about the registry itself (etcd): gone, still gone, back. `resynced`: it came back having lost
 * its data (restored from a backup, recreated: its revision went back) or the history the watch needed (compacted),
 * and `entries` is all there is now.
 */
export type RegistryState =
  | { type: 'unreachable'; error: unknown }
  | { type: 'retrying'; error: unknown; inMs: number }
  | {
      type: 'back';
      downMs: number;
      revision: number;
      resynced?: { from: number; to: number; entries: ServiceEntry[]; why: 'data lost' | 'history compacted' };
    };

export interface RegistrySnapshot {
  entries: ServiceEntry[];
  /** Watch from `revision + 1` to see every later change exactly once. */
  revision: number;
}

export interface Registration {
  /** Stops keeping the lease alive and deletes the entries it holds. */
  release(): Promise<void>;
  /** Stops keeping the lease alive but leaves the entries to expire with it (agent --once). */
  detach?(): void;
  /** True when the last (re-)registration stored the entries `draining`: the instance carries a drain mark. */
  readonly draining?: boolean;
}

export interface RegisterOptions {
  /** Lease TTL in seconds (default: settings.registry.ttl, 10). */
  ttl?: number;
  /** Told when the lease is lost (registry unreachable) and when the entries are registered again (etcd only). */
  onState?: (state: 'lost' | 'restored', error?: unknown) => void;
}

export interface Registry {
  readonly kind: 'etcd' | 'memory' | 'sandbox';
  /** For the TUI header and logs, e.g. `etcd 127.0.0.1:2379`. Never contains credentials. */
  readonly description: string;
  /** Registers entries under one lease (TTL seconds); the lease is kept alive until released. */
  register(entries: ServiceEntry[], options?: RegisterOptions): Promise<Registration>;
  deregister(service: string, instance: string): Promise<void>;
  /** Sets the status of every entry of an instance (e.g. `draining` during a red/black update). */
  setStatus(instance: string, status: ServiceStatus): Promise<void>;
  list(service?: string): Promise<RegistrySnapshot>;
  /**
   * Calls `onEvent` for every change after `fromRevision`, in order, none missed or doubled; after an outage the
   * watch resumes by itself (told through `onState`); when the registry lost its data, `onState` gets the whole
   * map to start again from (without `onState`, `onError` is called instead: list again). `onError` ends the watch.
   * Returns a stop function.
   */
  watch(
    fromRevision: number,
    onEvent: (event: RegistryEvent) => void,
    onError?: (error: unknown) => void,
    onState?: (state: RegistryState) => void,
  ): Promise<() => void>;
  close(): Promise<void>;
}
