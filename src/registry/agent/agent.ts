// `hangar agent`: registers the node's services, follows the services it depends on, re-provisions, decommissions.
import { type FSWatcher, watch as watchFs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { messageOf } from '../../errors.js';
import { readIfExists, writeAtomic } from '../../fs/atomic-write.js';
import type { Emitter } from '../../jobs/events.js';
import { requireRegistry } from '../open.js';
import { registryLayout } from '../settings.js';
import { readRepoCopy, recordRunOnCopy } from './chef-run.js';
import { buildDecommissionCommand, buildProvisionCommand, formatCommand, runCommand } from './command.js';
import { decommissionService } from './decommission.js';
import { type NodeDna, readDna } from './dna.js';
import { followRegistry, listFollowed } from './follow.js';
import { DEFAULT_ONCE_TIMEOUT_MS, dedupe, withinLimit } from './limits.js';
import { resolveIdentity } from './identity.js';
import { ProvisionScheduler } from './scheduler.js';
import { ServiceKeeper } from './service-keeper.js';
import { ServiceMap, renderAttributes } from './service-map.js';

export interface AgentOptions {
  dnaPath: string;
  instance?: string | undefined;
  host?: string | undefined;
  /** Default: services.json beside the dna. */
  attributesPath?: string | undefined;
  command?: string | undefined;
  haproxyPath?: string | undefined;
  haproxyReload?: string | undefined;
  waitMinMs: number;
  waitMaxMs: number;
  checkIntervalMs: number;
  failuresToDeregister: number;
  ttl?: number | undefined;
  once: boolean;
  /** With `once`: give up (exit 1) when the services are not registered and read back within this long. */
  onceTimeoutMs?: number;
  emit: Emitter;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export const defaultAttributesPath = (dnaPath: string) => join(dirname(resolve(dnaPath)), 'services.json');

/**
 * Runs until SIGTERM or the job's cancel. The SIGTERM handler is installed before anything else, so
 * stopping the agent during start-up (waiting on the metadata service, a status endpoint or etcd) also
 * deregisters whatever was registered and exits 0.
 */
export async function runAgent(options: AgentOptions): Promise<void> {
  const terminated = new AbortController();
  const onTerm = () => terminated.abort();
  process.on('SIGTERM', onTerm);
  const signal = AbortSignal.any([options.signal, terminated.signal]);
  try {
    await runAgentUntil({ ...options, signal });
  } catch (error) {
    // Start-up cut short by SIGTERM (e.g. the metadata request aborted): a clean stop, not a failure.
    if (!terminated.signal.aborted) throw error;
  } finally {
    process.off('SIGTERM', onTerm);
  }
}

/** Resolves when `signal` aborts, or with `promise`, whichever comes first. */
function untilAbortedOr(promise: Promise<unknown>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((done) => {
    if (signal.aborted) return done();
    const onAbort = () => done();
    signal.addEventListener('abort', onAbort, { once: true });
    promise
      .then(
        () => done(),
        () => done(),
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function runAgentUntil(options: AgentOptions): Promise<void> {
  const { signal } = options;
  const dnaPath = resolve(options.dnaPath);
  let dna = readDna(dnaPath);
  const identity = await resolveIdentity({ instance: options.instance, host: options.host }, options.env, signal);
  const scope = () => ({ group: dna.group, source: identity.instance });
  const log = (message: string) => options.emit.log(message, scope());
  const warn = (message: string) => options.emit.warn(message, scope());
  const warnOnce = dedupe(warn);
  const registry = await requireRegistry(undefined, { settings: dna.registry, warn, ...(options.env ? { env: options.env } : {}) });
  const ttl = options.ttl ?? registryLayout(dna.registry).ttl;
  const attributesPath = options.attributesPath ? resolve(options.attributesPath) : defaultAttributesPath(dnaPath);
  const watched = () => dna.dependsOn ?? undefined;
  const provisionCommand = () => buildProvisionCommand(options.command ?? dna.provisionCommand, dnaPath);
  log(
    `agent for ${dna.group} on ${identity.instance} (${identity.host}); registry ${registry.description}; services ${dna.services.map((s) => `${s.name}:${s.port}`).join(', ') || 'none'}`,
  );

  const keepers = new Map<string, ServiceKeeper>();
  const startKeeper = (service: NodeDna['services'][number]) => {
    const keeper = new ServiceKeeper(service, {
      registry,
      instance: identity.instance,
      host: identity.host,
      group: dna.group,
      ttl,
      intervalMs: options.checkIntervalMs,
      failuresToDeregister: options.failuresToDeregister,
      log,
      warn,
    });
    keepers.set(service.name, keeper);
    return keeper.start();
  };
  const stopKeepers = (keep = false) => Promise.all([...keepers.values()].map((keeper) => keeper.stop({ keep })));

  const map = new ServiceMap();
  /** Writes haproxy's config when asked; a failure is logged and leaves the old config in place. */
  const renderProxy = async (signal: AbortSignal) => {
    if (!options.haproxyPath) return;
    try {
      // Loaded only with --haproxy: the renderer brings handlebars, which a node without haproxy does not pay for.
      const { applyProxyConfig, renderProxyConfig } = await import('../haproxy.js');
      const content = renderProxyConfig(dirname(dnaPath), map.list(watched()), { source: registry.description, warn: warnOnce });
      const outcome = await applyProxyConfig(options.haproxyPath, content, options.haproxyReload, signal);
      if (outcome !== 'unchanged') log(`haproxy: ${outcome} ${options.haproxyPath}`);
    } catch (error) {
      warn(`haproxy: ${messageOf(error)}`);
    }
  };

  try {
    // A keeper's first check can wait on its status endpoint or on etcd: a SIGTERM meanwhile stops at once.
    await untilAbortedOr(Promise.all(dna.services.map(startKeeper)), signal);
    if (signal.aborted) {
      log('stopped during start-up: deregistering what was registered');
      await stopKeepers();
      return;
    }
    if (options.once) {
      const limit = options.onceTimeoutMs ?? DEFAULT_ONCE_TIMEOUT_MS;
      const snapshot = await withinLimit(
        limit,
        signal,
        async () => {
          await Promise.all([...keepers.values()].map((keeper) => keeper.whenRegistered()));
          return listFollowed(registry, watched());
        },
        () =>
          [...keepers.values()]
            .filter((k) => !k.registered)
            .map((k) => `${k.service.name} not registered (${k.pending})`)
            .join('; '),
      );
      if (!snapshot) {
        log('stopped during start-up: deregistering what was registered');
        return;
      }
      map.reset(snapshot.entries);
      const wrote = writeIfDifferent(attributesPath, renderAttributes(map.list(watched()), watched()));
      log(`${wrote ? 'wrote' : 'unchanged'} ${attributesPath}`);
      await renderProxy(signal);
      // The entries stay until their lease expires (a running agent keeps them alive); stopped by SIGTERM, they go now.
      await stopKeepers(!signal.aborted);
      return;
    }
    await runDaemon();
  } finally {
    // Whatever ended the run (an error too), no check or lease keeps the process alive; --once leaves its entries to expire.
    await stopKeepers(options.once && !signal.aborted).catch(() => undefined);
    await registry.close();
  }

  async function runDaemon(): Promise<void> {
    const children = new AbortController();
    let provisioned = readIfExists(attributesPath);
    const scheduler = new ProvisionScheduler({
      waitMin: options.waitMinMs,
      waitMax: options.waitMaxMs,
      onError: (error, retryIn) => warn(`provisioning failed${error ? `: ${messageOf(error)}` : ''}; retrying in ${Math.round(retryIn / 100) / 10} s`),
      provision: async () => {
        await renderProxy(children.signal);
        const content = renderAttributes(map.list(watched()), watched());
        if (content === provisioned) return true;
        writeAtomic(attributesPath, content);
        const command = provisionCommand();
        // The run uses the node's chef repo copy (solo.rb points at it): say which, and record it after.
        const copy = readRepoCopy(dna.repoPath);
        const against = copy.hash ? `chef repo ${copy.hash} at ${copy.current}` : `no chef repo copy at ${copy.current}`;
        log(`service map changed: wrote ${attributesPath}; running ${formatCommand(command)} against ${against}`);
        const started = Date.now();
        const outcome = await runCommand(command, children.signal, (line) => options.emit.debug(line, scope()));
        recordRunOnCopy(dna.repoPath, copy, { command: formatCommand(command), ok: outcome.ok, exitCode: outcome.exitCode }, warn);
        if (!outcome.ok) {
          for (const line of outcome.tail.slice(-5)) warn(line);
          throw new Error(`${formatCommand(command)} exited ${outcome.exitCode ?? 'abnormally'}`);
        }
        provisioned = content;
        log(`provisioned in ${((Date.now() - started) / 1000).toFixed(1)} s with chef repo ${copy.hash ?? '(none)'}`);
        return true;
      },
    });

    let reconciling: Promise<void> = Promise.resolve();
    const onDnaChange = () => {
      reconciling = reconciling.then(() => reconcile(signal)).catch((error: unknown) => warn(`dna ${dnaPath}: ${messageOf(error)}`));
    };
    const dnaWatcher = watchDna(dnaPath, onDnaChange);
    let refollow: () => void = () => {};
    const following = followRegistry({
      registry,
      map,
      signal,
      log,
      warn,
      only: watched,
      onRefollow: (again) => {
        refollow = again;
      },
      onChange: (service) => {
        const only = watched();
        if (service === undefined || only === undefined || only.includes(service)) scheduler.trigger();
      },
    });

    await new Promise<void>((done) => (signal.aborted ? done() : signal.addEventListener('abort', () => done(), { once: true })));
    log("stopping: deregistering this node's services");
    dnaWatcher?.close();
    await stopKeepers();
    log('deregistered');
    children.abort();
    await Promise.all([following, reconciling, scheduler.stop()]);

    /** The dna changed: start new services, restart changed ones, decommission removed ones. */
    async function reconcile(abort: AbortSignal): Promise<void> {
      const next = readDna(dnaPath);
      const before = dna;
      dna = next;
      const nextByName = new Map(next.services.map((s) => [s.name, s]));
      for (const old of before.services) {
        const now = nextByName.get(old.name);
        const keeper = keepers.get(old.name);
        if (now && now.port === old.port && now.status === old.status) continue;
        keepers.delete(old.name);
        await keeper?.stop();
        if (now) continue;
        log(`${old.name}: left the run list: decommissioning`);
        await decommissionService({
          registry,
          instance: identity.instance,
          service: old.name,
          signal: abort,
          log,
          warn,
          command: buildDecommissionCommand(provisionCommand(), next.cookbook, old.name),
          exclusive: (task) => scheduler.exclusive(task),
        });
      }
      for (const service of next.services) if (!keepers.has(service.name)) await startKeeper(service);
      // Other services followed: read them (the follower lists again, and the map change triggers a run).
      if (JSON.stringify(before.dependsOn) !== JSON.stringify(next.dependsOn)) refollow();
    }
  }
}

function writeIfDifferent(path: string, content: string): boolean {
  if (readIfExists(path) === content) return false;
  writeAtomic(path, content);
  return true;
}

/** Calls `onChange` (debounced) when the dna file is written or replaced; the folder is watched, as editors and writeAtomic rename. */
function watchDna(dnaPath: string, onChange: () => void): FSWatcher | undefined {
  let last = readIfExists(dnaPath);
  let timer: NodeJS.Timeout | undefined;
  try {
    const watcher = watchFs(dirname(dnaPath), (_event, name) => {
      if (name !== null && name !== basename(dnaPath)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = readIfExists(dnaPath);
        if (now === undefined || now === last) return;
        last = now;
        onChange();
      }, 200);
    });
    watcher.on('close', () => clearTimeout(timer));
    return watcher;
  } catch {
    return undefined;
  }
}
