// The load balancer in front of a target group (ELBv2 DescribeTargetGroups), for the ALBRequestCountPerTarget ResourceLabel.
import { HangarError } from '../errors.js';
import { createClient } from './clients.js';
import type { AwsTarget } from './target.js';

/** The ARN of the first load balancer that routes to the target group; an error when none does. */
export async function loadBalancerOf(target: AwsTarget, region: string, targetGroupArn: string, signal?: AbortSignal): Promise<string> {
  const sdk = await import('@aws-sdk/client-elastic-load-balancing-v2');
  const client = createClient(sdk.ElasticLoadBalancingV2Client, 'elasticloadbalancing', target, region);
  try {
    const out = await client.send(new sdk.DescribeTargetGroupsCommand({ TargetGroupArns: [targetGroupArn] }), signal ? { abortSignal: signal } : {});
    const arn = out.TargetGroups?.[0]?.LoadBalancerArns?.[0];
    if (!arn) {
      throw new HangarError('autoscale.resource-label', `target group ${targetGroupArn} has no load balancer: ALBRequestCountPerTarget cannot be tracked`, {
        hint: 'attach the target group to an Application Load Balancer listener, or drop autoscale.target_requests_per_target',
      });
    }
    return arn;
  } finally {
    client.destroy();
  }
}
