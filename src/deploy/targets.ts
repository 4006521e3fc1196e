// Find the running instances of the groups to deploy (one EC2 listing per region) as ssh targets.
import type { AwsTarget } from '../aws/target.js';
import type { Config } from '../config/index.js';
import type { DeployTarget } from './fan-out.js';

export interface TargetQuery {
  groups: readonly string[];
  /** Connect to public addresses instead of private ones. */
  public: boolean;
  signal?: AbortSignal | undefined;
}

/** Running instances tagged with one of the groups, in the groups' order, then launch time. */
export async function discoverTargets(aws: AwsTarget, config: Config, query: TargetQuery): Promise<DeployTarget[]> {
  const { groupsByRegion, listInstances } = await import('../aws/instances.js');
  const regions = groupsByRegion((group) => config.groups.get(group)?.merged.region, query.groups);
  const order = new Map(query.groups.map((group, index) => [group, index]));
  const targets: DeployTarget[] = [];
  for (const [region, groups] of regions) {
    const records = await listInstances(aws, region, { groups, states: ['running'], signal: query.signal });
    for (const record of records) {
      targets.push({
        instanceId: record.id,
        group: record.group,
        name: record.name || undefined,
        address: query.public ? record.publicIp : record.privateIp,
        user: config.groups.get(record.group)?.merged.ssh_username,
      });
    }
  }
  // A stable sort keeps listInstances' launch-time order inside a group.
  return targets.sort((a, b) => (order.get(a.group) ?? 0) - (order.get(b.group) ?? 0));
}
