// fleet:show: one group in detail (ASGs with their scaling policies, instances, AMIs and what uses each), for people and the workbench's group view.
import { groupOf } from '../config/index.js';
import { defineAction } from './types.js';

export const fleetShow = defineAction({
  name: 'fleet:show',
  summary: 'one group in detail: ASGs (capacity, template version, AMI, scaling policies), instances, AMIs (hangar:config current or not, what uses each)',
  description:
    'Reads only: DescribeImages, DescribeInstances and DescribeAutoScalingGroups filtered by the group tag, the launch template versions the ASGs pin, DescribePolicies for each of its ASGs (one that cannot be read is a warning), and the region-wide AMI usage packer:clean reads (instances, launch templates, ASGs). Result data: {group, region, configHash, asgs, instances, images, problems}.',
  groups: 'required',
  requires: ['region'],
  usesAws: true,
  flags: {},
  async run(ctx, groups) {
    const { readGroupDetail, formatGroupDetail } = await import('../fleet/group-detail.js');
    for (const name of groups) {
      const node = groupOf(ctx.config, name);
      const detail = await readGroupDetail(ctx.backends.aws, { group: name, region: node.merged.region!, configHash: node.hash }, ctx.signal);
      for (const problem of detail.problems) ctx.emit.warn(problem, { group: name });
      ctx.emit.result(detail, formatGroupDetail(detail));
    }
  },
});
