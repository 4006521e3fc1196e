// fleet:status: per group its newest AMI, its ASGs and live instances (for people and the TUI's groups pane).
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

export const fleetActions: AnyAction[] = [fleetStatus];
