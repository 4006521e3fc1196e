// Actions of this area: service:list, service:watch, proxy:render, agent.
import { type Config, servicesOf } from '../config/index.js';
import { messageOf, usageError } from '../errors.js';
import type { RegistryEvent } from '../registry/types.js';
import type { ActionContext, AnyAction } from './types.js';
import { defineAction } from './types.js';
import { RANGES } from './flag-values.js';
import { formatCount } from '../format/plural.js';

async function openFor(ctx: ActionContext) {
  const { requireRegistry } = await import('../registry/open.js');
  return requireRegistry(ctx.config, { warn: (message) => ctx.emit.warn(message) }, ctx.backends.openRegistry);
}

/** Waits until the job is cancelled (ctrl-c, TUI cancel). */
const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

export const serviceList = defineAction({
  name: 'service:list',
  aliases: ['services'],
  summary: 'the service map: each service, its instances, hosts, groups and age',
  description:
    'Reads the registry (etcd when HANGAR_ETCD_ENDPOINTS or __settings__.registry.endpoints is set; derived from the running instances with --sandbox). AGE is the time since the newest registration or status change of the service. --json prints every entry.',
  groups: 'none',
  flags: {
    service: { type: 'string', placeholder: 'NAME', description: 'only this service' },
  },
  async run(ctx, _groups, flags) {
    const registry = await openFor(ctx);
    try {
      const { summarizeServices, formatServiceTable } = await import('../registry/service-table.js');
      const snapshot = await registry.list(flags.service);
      const rows = summarizeServices(snapshot.entries);
      const text = rows.length ? formatServiceTable(rows) : `no services registered in ${registry.description}`;
      ctx.emit.result({ registry: registry.description, revision: snapshot.revision, services: rows, entries: snapshot.entries }, text);
    } finally {
      await registry.close();
    }
  },
});

export const serviceWatch = defineAction({
  name: 'service:watch',
  summary: 'print one line per change of the service map, until stopped',
  description:
    'One line per put or delete, in revision order. Entries that are not valid (a bad key, a value that is not a JSON entry, a host that is not an address or hostname, a port outside 1-65535) are skipped with one warning per key and revision. When the registry becomes unreachable it says so once, and once more when it is back, with how long it was gone; no change in between is missed. When etcd comes back having lost its data (restored from a backup, recreated) or the history since the last change seen (compacted), it reads everything again and prints what differs as deletes and puts.',
  groups: 'none',
  longRunning: true,
  flags: {
    service: { type: 'string', placeholder: 'NAME', description: 'only changes of this service' },
  },
  async run(ctx, _groups, flags) {
    const registry = await openFor(ctx);
    try {
      const { formatRegistryEvent, formatRegistryState } = await import('../registry/service-table.js');
      const snapshot = await registry.list();
      const count = snapshot.entries.filter((e) => !flags.service || e.service === flags.service).length;
      ctx.emit.log(`watching ${registry.description} from revision ${snapshot.revision} (${formatCount(count, 'entry', 'entries')} now)`);
      // What this watch has shown, so that a resync (the registry lost its data) prints only what differs.
      const shown = new Map(snapshot.entries.map((e) => [`${e.service}/${e.instance}`, e]));
      const print = (event: RegistryEvent) => {
        const service = event.type === 'put' ? event.entry.service : event.service;
        const key = `${service}/${event.type === 'put' ? event.entry.instance : event.instance}`;
        if (event.type === 'put') shown.set(key, event.entry);
        else shown.delete(key);
        if (flags.service && service !== flags.service) return;
        ctx.emit.result(event, formatRegistryEvent(event));
      };
      let failed: unknown;
      const stop = await registry.watch(
        snapshot.revision,
        print,
        (error) => {
          failed = error;
          ctx.emit.warn(`watch stopped: ${messageOf(error)}`);
        },
        (state) => {
          const line = formatRegistryState(registry.description, state);
          if (state.type === 'unreachable') ctx.emit.warn(line!);
          else if (line) ctx.emit.log(line);
          if (state.type !== 'back' || !state.resynced) return;
          const now = new Map(state.resynced.entries.map((e) => [`${e.service}/${e.instance}`, e]));
          for (const [key, gone] of [...shown]) {
            if (!now.has(key)) print({ type: 'delete', service: gone.service, instance: gone.instance, revision: state.revision });
          }
          for (const [key, entry] of now) {
            if (JSON.stringify(shown.get(key)) !== JSON.stringify(entry)) print({ type: 'put', entry, revision: state.revision });
          }
        },
      );
      await untilAborted(ctx.signal);
      stop();
      if (failed) throw failed;
    } finally {
      await registry.close();
    }
  },
});

/** Status endpoints and declared ports of every service in the config (health checks; backends even with no instance; server ports). */
function servicesInConfig(config: Config) {
  const statusPaths: Record<string, string | undefined> = {};
  const knownPorts: Record<string, number | undefined> = {};
  const groupPorts: Record<string, Record<string, number | undefined>> = {};
  for (const group of config.groups.values()) {
    for (const service of servicesOf(group.merged, config.settings.service_cookbook)) {
      statusPaths[service.name] ??= service.status;
      knownPorts[service.name] ??= service.port;
      const ports = groupPorts[service.name] ?? {};
      ports[group.name] = service.port;
      groupPorts[service.name] = ports;
    }
  }
  return { statusPaths, knownPorts, groupPorts };
}

export const proxyRender = defineAction({
  name: 'proxy:render',
  summary: 'haproxy config from the registry, checked with haproxy -c, written atomically, reloaded on change',
  description:
    'One frontend and backend per service (frontend on BIND:port+offset), one server per instance (draining ones disabled), HTTP health checks on the service status endpoint. Every value is checked before it goes in: an entry with a bad host, port or name, a status path that is not a URL path, or a service whose port another already has, is left out with a warning; an instance registered under another port than its service declares in nodes.json is served on the declared port. Without --out the config is printed. With --out it is checked with `haproxy -c` on a temp file, renamed into place, and --reload-cmd runs only when the content changed.',
  groups: 'none',
  flags: {
    out: { type: 'string', placeholder: 'PATH', description: 'write the config here (default: print it)' },
    'reload-cmd': { type: 'string', placeholder: 'CMD', description: 'run after a changed config is written, e.g. "systemctl reload haproxy"' },
    bind: { type: 'string', placeholder: 'ADDR', description: 'address the frontends bind', default: '127.0.0.1' },
    'port-offset': { type: 'number', integer: true, min: 0, max: 65534, placeholder: 'N', description: 'frontends listen on the service port + N', default: 0 },
  },
  async run(ctx, _groups, flags) {
    if (flags['reload-cmd'] && !flags.out) throw usageError('usage.flag', 'proxy:render: --reload-cmd needs --out PATH');
    const registry = await openFor(ctx);
    try {
      const { renderProxyConfig, applyProxyConfig, validateProxyConfig } = await import('../registry/haproxy.js');
      const { entries } = await registry.list();
      const content = renderProxyConfig(ctx.config.dir, entries, {
        bind: flags.bind,
        portOffset: flags['port-offset'],
        ...servicesInConfig(ctx.config),
        source: registry.description,
        warn: (message) => ctx.emit.warn(message),
      });
      if (!flags.out) {
        await validateProxyConfig(content, ctx.signal);
        ctx.emit.result({ content }, content.trimEnd());
        return;
      }
      const outcome = await applyProxyConfig(flags.out, content, flags['reload-cmd'], ctx.signal);
      // What was rendered, not what was listed: entries the renderer left out (and warned about) are not counted.
      const counted = (pattern: RegExp) => content.match(pattern)?.length ?? 0;
      ctx.emit.result({ path: flags.out, outcome, services: counted(/^backend /gm), servers: counted(/^\s+server /gm) }, `${outcome} ${flags.out}`);
    } finally {
      await registry.close();
    }
  },
});

export const agent = defineAction({
  name: 'agent',
  summary: "the node daemon: register this node's services, follow its dependencies, re-provision, decommission",
  description:
    "Reads the `hangar` block of the dna file (group, services, depends_on, registry settings). Registers each service under a lease (after its status endpoint answers 2xx), watches the services in depends_on (all when unset), writes them to the attributes file and runs the provision command (default `chef-solo -j DNA`), debounced by --wait-min/--wait-max, one run at a time, failures retried with backoff. A service removed from the dna is deregistered before `recipe[<cookbook>::delete-<service>]` runs. SIGTERM deregisters everything, then exits 0, also during start-up (e.g. while a status endpoint or etcd is not answering yet). A node marked draining (autoscale:update retiring it) stays draining when the agent registers again, after a registry outage, a restart or a recovered status check: the mark <prefix>/draining/<instance-id> outlives the agent's lease (a day). --once registers, writes the attributes (and haproxy) file and exits without deregistering: its entries stay for one lease TTL (--ttl, default 10 s) and then expire, unless the long-running agent, which registers the same keys under its own lease, has taken over by then (a chef run registers the node at once; the daemon keeps it). Instance id and address come from the EC2 metadata service unless --instance-id/--host are given. --once waits until every service is registered and the registry is read, at most --once-timeout seconds: then it exits 1 naming what is missing (at once on refused credentials or a missing permission). A registry outage is said once when it starts and once when it ends, with its length; when etcd comes back having lost its data, the agent reads the whole map again and registers its services again.",
  groups: 'none',
  needsConfig: false,
  longRunning: true,
  flags: {
    dna: { type: 'string', placeholder: 'PATH', description: "the node's dna file (required), e.g. /etc/chef/dna.json" },
    'instance-id': { type: 'string', placeholder: 'ID', description: "this node's instance id (default: from the metadata service)" },
    host: { type: 'string', placeholder: 'ADDR', description: 'the address services are reached at (default: local-ipv4 from the metadata service)' },
    attributes: { type: 'string', placeholder: 'PATH', description: 'where the service map is written (default: services.json beside the dna)' },
    command: {
      type: 'string',
      placeholder: 'CMD',
      description: "provision command, split into argv (default: the dna's provision_command, else chef-solo -j DNA)",
    },
    haproxy: { type: 'string', placeholder: 'PATH', description: 'also render an haproxy config here on every change' },
    'haproxy-reload': { type: 'string', placeholder: 'CMD', description: 'run after the haproxy config changed' },
    'wait-min': { type: 'number', ...RANGES.seconds, placeholder: 'SECONDS', description: 'quiet period before provisioning after a change', default: 2 },
    'wait-max': {
      type: 'number',
      ...RANGES.seconds,
      placeholder: 'SECONDS',
      description: 'provision at most this long after the first pending change',
      default: 10,
    },
    'check-interval': {
      type: 'number',
      ...RANGES.seconds,
      min: 0.1,
      placeholder: 'SECONDS',
      description: 'how often status endpoints are checked',
      default: 5,
    },
    ttl: {
      type: 'number',
      ...RANGES.seconds,
      integer: true,
      min: 1,
      max: 86_400,
      placeholder: 'SECONDS',
      description: "lease TTL (default: the dna's registry.ttl, else 10)",
    },
    once: {
      type: 'boolean',
      description: 'register, write the attributes (and haproxy) file, and exit; the entries expire after one TTL unless the agent daemon takes over',
    },
    'once-timeout': {
      type: 'number',
      min: 1,
      max: 3600,
      placeholder: 'SECONDS',
      default: 30,
      description: 'with --once: give up (exit 1) when the services are not registered and the registry read within this long',
    },
  },
  async run(ctx, _groups, flags) {
    if (!flags.dna) throw usageError('usage.flag', 'agent needs --dna PATH', { hint: 'e.g. hangar agent --dna /etc/chef/dna.json' });
    const waitMin = flags['wait-min'] * 1000;
    const waitMax = Math.max(flags['wait-max'] * 1000, waitMin);
    const { runAgent } = await import('../registry/agent/agent.js');
    await runAgent({
      dnaPath: flags.dna,
      instance: flags['instance-id'],
      host: flags.host,
      attributesPath: flags.attributes,
      command: flags.command,
      haproxyPath: flags.haproxy,
      haproxyReload: flags['haproxy-reload'],
      waitMinMs: waitMin,
      waitMaxMs: waitMax,
      checkIntervalMs: flags['check-interval'] * 1000,
      failuresToDeregister: 3,
      ttl: flags.ttl,
      once: Boolean(flags.once),
      onceTimeoutMs: flags['once-timeout'] * 1000,
      emit: ctx.emit,
      signal: ctx.signal,
    });
  },
});

export const registryActions: AnyAction[] = [serviceList, serviceWatch, proxyRender, agent];
