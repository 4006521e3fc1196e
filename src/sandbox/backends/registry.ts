// The sandbox's registry, derived from its running instances: each registers its group's services, as an agent would.
import type { AwsTarget } from '../../aws/target.js';
import { type Config, servicesOf } from '../../config/index.js';
import { HangarError } from '../../errors.js';
import { entryProblem } from '../../registry/entry-schema.js';
import { MemoryRegistry } from '../../registry/memory.js';
import type { RegistryOpener } from '../../registry/open.js';
import type { Registration, Registry, RegistryEvent, RegistrySnapshot, ServiceEntry, ServiceStatus } from '../../registry/types.js';

/** The tag setStatus writes; the derived registry reports it as the entries' status. */
export const STATUS_TAG = 'hangar:status';
const POLL_MS = 1_000;

const same = (a: ServiceEntry, b: ServiceEntry) =>
  a.host === b.host && a.port === b.port && a.group === b.group && a.status === b.status && a.since === b.since;

export class SandboxRegistry implements Registry {
  readonly kind = 'sandbox' as const;
  readonly description = 'sandbox (derived from running instances)';
  private readonly memory = new MemoryRegistry({ kind: 'sandbox', description: this.description });
  /** Entries put through register() (a sandbox agent): sync leaves them alone. */
  private readonly registered = new Set<string>();
  private readonly regionOfInstance = new Map<string, string>();
  private watchers = 0;
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly aws: AwsTarget,
    private readonly config: Config,
    private readonly pollMs = POLL_MS,
  ) {}

  /** What the running instances of every group with services would register. */
  private async desiredEntries(): Promise<ServiceEntry[]> {
    // Never let a sandbox registry talk to AWS itself.
    if (!this.aws.endpoint) {
      throw new HangarError('registry.sandbox', 'the sandbox registry needs the sandbox endpoint, and none is set', {
        hint: 'run the command with --sandbox (it starts the sandbox and points every client at it)',
      });
    }
    const { listInstances, groupsByRegion } = await import('../../aws/instances.js');
    const cookbook = this.config.settings.service_cookbook;
    const servicesByGroup = new Map([...this.config.groups.values()].map((group) => [group.name, servicesOf(group.merged, cookbook).filter((s) => s.port)]));
    const groups = [...servicesByGroup].filter(([, services]) => services.length > 0).map(([name]) => name);
    const regions = groupsByRegion((name) => this.config.groups.get(name)?.merged.region, groups);
    const entries: ServiceEntry[] = [];
    for (const [region, names] of regions) {
      for (const instance of await listInstances(this.aws, region, { groups: names, states: ['running'] })) {
        this.regionOfInstance.set(instance.id, region);
        const status: ServiceStatus = instance.tags[STATUS_TAG] === 'draining' ? 'draining' : 'up';
        for (const service of servicesByGroup.get(instance.group) ?? []) {
          entries.push({
            service: service.name,
            instance: instance.id,
            host: instance.privateIp ?? '127.0.0.1',
            port: service.port!,
            group: instance.group,
            status,
            since: instance.launchTime ?? '',
          });
        }
      }
    }
    // The same check as for an etcd entry: the sandbox's state file is outside this process too.
    return entries.filter((entry) => entryProblem(entry) === undefined);
  }

  /** Brings the in-memory map in line with the sandbox's instances; one sync at a time. */
  sync(): Promise<void> {
    this.syncing ??= this.runSync().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async runSync(): Promise<void> {
    const desired = await this.desiredEntries();
    const wanted = new Map(desired.map((entry) => [`${entry.service}/${entry.instance}`, entry]));
    for (const current of this.memory.snapshot()) {
      const key = `${current.service}/${current.instance}`;
      if (!wanted.has(key) && !this.registered.has(key)) this.memory.removeEntry(current.service, current.instance);
    }
    const now = new Map(this.memory.snapshot().map((entry) => [`${entry.service}/${entry.instance}`, entry]));
    for (const [key, entry] of wanted) {
      const current = now.get(key);
      if (!current || !same(current, entry)) this.memory.put(entry);
    }
  }

  async register(entries: ServiceEntry[]): Promise<Registration> {
    for (const entry of entries) this.registered.add(`${entry.service}/${entry.instance}`);
    const inner = await this.memory.register(entries);
    return {
      ...(inner.draining !== undefined ? { draining: inner.draining } : {}),
      release: async () => {
        for (const entry of entries) this.registered.delete(`${entry.service}/${entry.instance}`);
        await inner.release();
      },
    };
  }

  async deregister(service: string, instance: string): Promise<void> {
    this.registered.delete(`${service}/${instance}`);
    await this.memory.deregister(service, instance);
  }

  /** Tags the instance `hangar:status=<status>` (CreateTags), then reads the map again. */
  async setStatus(instance: string, status: ServiceStatus): Promise<void> {
    if (!this.regionOfInstance.has(instance)) await this.sync();
    const region = this.regionOfInstance.get(instance);
    if (region) {
      const { ec2Clients } = await import('../../aws/clients.js');
      const { CreateTagsCommand } = await import('../../aws/sdk-ec2.js');
      const { ec2 } = await ec2Clients(this.aws, region);
      await ec2.send(new CreateTagsCommand({ Resources: [instance], Tags: [{ Key: STATUS_TAG, Value: status }] }));
    }
    await this.memory.setStatus(instance, status);
    await this.sync();
  }

  async list(service?: string): Promise<RegistrySnapshot> {
    await this.sync();
    return this.memory.list(service);
  }

  async watch(fromRevision: number, onEvent: (event: RegistryEvent) => void, onError?: (error: unknown) => void): Promise<() => void> {
    const stop = await this.memory.watch(fromRevision, onEvent, onError);
    this.watchers++;
    this.timer ??= setInterval(() => {
      this.sync().catch((error: unknown) => onError?.(error));
    }, this.pollMs);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      stop();
      if (--this.watchers === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.memory.close();
  }
}

/** The sandbox's RegistryOpener: with a project, the registry derived from its instances; without one, the configured etcd. */
export function sandboxRegistryOpener(aws: AwsTarget): RegistryOpener {
  return async (config, extra) => {
    if (config) return new SandboxRegistry(aws, config);
    const { openRegistry } = await import('../../registry/open.js');
    return openRegistry(config, extra);
  };
}
