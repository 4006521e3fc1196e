// Target group health of ASG instances (Elastic Load Balancing v2 DescribeTargetHealth), the worst state across groups.
import { createClient } from './clients.js';
import type { AwsTarget } from './target.js';

/** instance id -> target health state across the group's target groups (the worst one). */
export type TargetHealthChecker = (targetGroupArns: readonly string[], instanceIds: readonly string[], signal?: AbortSignal) => Promise<Map<string, string>>;

/** Worse states rank higher; an instance is as healthy as its worst target group says. */
const RANK: Record<string, number> = { healthy: 0, initial: 1, draining: 2, unused: 3, unavailable: 4, unhealthy: 5, unregistered: 3 };

/** instance id -> worst state over every target group's descriptions (an id a group does not list is `unregistered`). */
export function combineTargetHealth(ids: readonly string[], perGroup: readonly { id: string | undefined; state: string | undefined }[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of ids) {
    let worst = 'healthy';
    for (const descriptions of perGroup) {
      const state = descriptions.find((d) => d.id === id)?.state ?? 'unregistered';
      if ((RANK[state] ?? 4) > (RANK[worst] ?? 4)) worst = state;
    }
    out.set(id, worst);
  }
  return out;
}

/** A checker that asks ELBv2 (same endpoint rules and retries as the EC2/Auto Scaling clients). */
export function createTargetHealthChecker(target: AwsTarget, region: string): TargetHealthChecker {
  let client: import('@aws-sdk/client-elastic-load-balancing-v2').ElasticLoadBalancingV2Client | undefined;
  return async (arns, ids, signal) => {
    const sdk = await import('@aws-sdk/client-elastic-load-balancing-v2');
    client ??= createClient(sdk.ElasticLoadBalancingV2Client, 'elasticloadbalancing', target, region);
    const elb = client;
    const perGroup = await Promise.all(
      arns.map(async (arn) => {
        const out = await elb.send(
          new sdk.DescribeTargetHealthCommand({ TargetGroupArn: arn, Targets: ids.map((Id) => ({ Id })) }),
          signal ? { abortSignal: signal } : {},
        );
        return (out.TargetHealthDescriptions ?? []).map((d) => ({ id: d.Target?.Id, state: d.TargetHealth?.State }));
      }),
    );
    return combineTargetHealth(ids, perGroup);
  };
}
