// The `agent` action: declared on its own so that `hangar agent` loads neither the catalog nor the config loader.
import { usageError } from '../errors.js';
import { RANGES } from './flag-values.js';
import { defineAction } from './types.js';

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
