// fleet:status and fleet:drift: per group what runs (newest AMI, ASGs, instances), and how far it is from nodes.json.
import { formatCount } from '../format/plural.js';
import { HangarError } from '../errors.js';
import type { AnyAction } from './types.js';
import { defineAction } from './types.js';

export const fleetStatus = defineAction({
  name: 'fleet:status',
  summary: 'per group: newest AMI (id, age), ASGs (desired, in service and healthy), running instances',
  description:
    'Three calls per region, filtered by the group tag: DescribeImages, DescribeInstances and DescribeAutoScalingGroups (every page). Result data: {groups: {NAME: {region, image, images, asgs, instances}}}.',
  groups: 'all-by-default',
  requires: ['region'],
  usesAws: true,
  flags: {},
  async run(ctx, groups) {
    const { groupsByRegion } = await import('../aws/instances.js');
    const { fleetStatus: readStatus, formatFleetStatus } = await import('../fleet/status.js');
    const byRegion = groupsByRegion((g) => ctx.config.groups.get(g)?.merged.region, groups);
    const status = await readStatus(ctx.backends.aws, byRegion, ctx.signal);
    ctx.emit.result({ groups: status }, formatFleetStatus(status, groups));
  },
});

export const fleetDrift = defineAction({
  name: 'fleet:drift',
  summary: 'per group: what differs from nodes.json (files, image, rollout, capacity, instances, registry) and the one command that fixes it',
  description:
    "Reads only (no lock). Compares each group's generated files with nodes.json (as plan does), its newest AMI's hangar:config tag with the merged config's hash (and hangar:chef with the chef repo), what its ASGs' pinned launch template versions and instances run with the newest AMI and nodes.json's instance_type, its ASGs' min/max/desired with its autoscale block, its one-off instances' AMIs, and, when a registry is configured, that every InService instance registers the group's services, that no entry is left for an instance that does not run, and that every service in `services` is in the run list. One set of describe calls per region for every group: DescribeImages, DescribeAutoScalingGroups, DescribeInstances, and one DescribeLaunchTemplateVersions per launch template. Result data (--json): {groups: [{group, items: [{group, kind, summary, evidence, fix}]}], warnings, incomplete?}. What could not be checked is said as a warning; a region or registry that could not be read fails the command (exit 1).",
  groups: 'all-by-default',
  usesAws: true,
  flags: {
    check: { type: 'boolean', description: 'exit 1 when anything drifts (for CI and cron)' },
  },
  async run(ctx, groups, flags) {
    const { collectDrift } = await import('../drift/collect.js');
    const { driftCount, formatDriftReport } = await import('../drift/format.js');
    const { withTargetWords } = await import('../drift/fix.js');
    const report = withTargetWords(await collectDrift(ctx, groups), ctx.backends.targetWords);
    for (const warning of report.warnings) ctx.emit.warn(warning);
    ctx.emit.result(report, formatDriftReport(report));
    if (report.incomplete) {
      throw new HangarError('drift.incomplete', 'drift was not fully checked: something could not be read (see the warnings)');
    }
    const count = driftCount(report);
    if (flags.check && count > 0) {
      const groupsDrifting = report.groups.filter((g) => g.items.length > 0).map((g) => g.group);
      throw new HangarError('drift.found', `${formatCount(count, 'drift item')} in ${groupsDrifting.join(', ')}`, {
        hint: 'run the FIX of each line, then check again',
      });
    }
  },
});

export const fleetActions: AnyAction[] = [fleetStatus, fleetDrift];
