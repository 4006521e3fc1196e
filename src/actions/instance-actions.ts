// Actions of this area: instance:create, instance:list. AWS code is loaded inside run().
import { usageError } from '../errors.js';
import type { AnyAction } from './types.js';
import { defineAction } from './types.js';

export const instanceCreate = defineAction({
  name: 'instance:create',
  summary: 'launch one instance of the group from its newest AMI; writes dna/instances/G-<instance-id>.json',
  description:
    "The key pair is named after the key file (path/to/ops.pem -> ops) unless --key-name; when it does not exist in the region, its public key (KEY.pub beside it, or ssh-keygen -y) is imported. The zone is random among the available ones (or the group's availability_zones / subnets) unless --zone. Tags Name and group; security groups, subnet and instance profile from nodes.json; user data from templates/user-data.sh.hbs writes the dna and runs chef-solo.",
  groups: 'required',
  requires: ['region', 'instance_type'],
  usesAws: true,
  locks: 'groups',
  flags: {
    key: { type: 'string', placeholder: 'PATH', required: true, description: 'private key file of the key pair (must not be world-readable)' },
    name: { type: 'string', placeholder: 'NAME', required: true, description: 'the instance Name tag' },
    zone: { type: 'string', placeholder: 'ZONE', description: 'availability zone (default: random among the available ones)' },
    'key-name': { type: 'string', placeholder: 'NAME', description: 'key pair name in EC2 (default: the key file name without extension)' },
    wait: { type: 'boolean', description: 'wait until the instance runs and print its addresses' },
  },
  async run(ctx, groups, flags) {
    if (groups.length !== 1) throw usageError('usage.groups', `instance:create takes exactly one group, got ${groups.join(', ')}`);
    if (!flags.key)
      throw usageError('usage.flag', 'instance:create needs --key path/to/key.pem', {
        hint: 'e.g. hangar instance:create web --key ~/.ssh/ops.pem --name web-1',
      });
    if (!flags.name) throw usageError('usage.flag', 'instance:create needs --name NAME (the Name tag)');
    const node = ctx.config.groups.get(groups[0]!)!;
    const { createInstance } = await import('../fleet/instance-create.js');
    const created = await createInstance({
      config: ctx.config,
      node,
      aws: ctx.backends.aws,
      keyPath: flags.key,
      keyName: flags['key-name'],
      name: flags.name,
      zone: flags.zone,
      wait: flags.wait,
      emit: ctx.emit,
      signal: ctx.signal,
    });
    ctx.emit.result(created, `${created.id} ${created.name} ${created.state} ${created.zone ?? ''} ${created.imageId ?? ''}\ndna: ${created.dnaPath}`, {
      group: node.name,
    });
  },
});

export const instanceList = defineAction({
  name: 'instance:list',
  summary: 'instances of the groups (all when none named): id, Name, state, addresses, zone, AMI, launch time',
  description:
    'One DescribeInstances per region, filtered by the group tag, every page. Terminated instances are hidden unless --all. --json gives the rows as result data.',
  groups: 'all-by-default',
  requires: ['region'],
  usesAws: true,
  flags: {
    all: { type: 'boolean', description: 'include terminated instances' },
    state: { type: 'string', placeholder: 'STATE', description: 'only this state (pending, running, stopped, ...), comma-separated' },
  },
  async run(ctx, groups, flags) {
    const { LIVE_STATES, groupsByRegion, listInstances } = await import('../aws/instances.js');
    const { formatTable, shortTime } = await import('../format/table.js');
    const states = flags.state
      ? flags.state
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : flags.all
        ? undefined
        : [...LIVE_STATES];
    const byRegion = groupsByRegion((g) => ctx.config.groups.get(g)?.merged.region, groups);
    const lists = await Promise.all(
      [...byRegion].map(([region, names]) => listInstances(ctx.backends.aws, region, { groups: names, states, signal: ctx.signal })),
    );
    const order = new Map(groups.map((g, i) => [g, i]));
    const rows = lists.flat().sort((a, b) => (order.get(a.group) ?? 0) - (order.get(b.group) ?? 0) || (a.launchTime ?? '').localeCompare(b.launchTime ?? ''));
    const text = rows.length
      ? formatTable(
          ['ID', 'NAME', 'GROUP', 'STATE', 'PRIVATE', 'PUBLIC', 'ZONE', 'AMI', 'LAUNCHED'],
          rows.map((r) => [r.id, r.name || undefined, r.group, r.state, r.privateIp, r.publicIp, r.zone, r.imageId, shortTime(r.launchTime)]),
        )
      : `no instances${states ? ` (${states.join(', ')})` : ''} in ${groups.length === 1 ? groups[0] : `${groups.length} groups`}`;
    ctx.emit.result(rows, text);
  },
});

export const instanceActions: AnyAction[] = [instanceCreate, instanceList];
