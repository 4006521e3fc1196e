// Scaling on load: the target-tracking policies nodes.json asks for, put on an ASG at autoscale:run and on the new ASG of an update.
import type { Emitter } from '../jobs/events.js';
import type { AsgSettings } from '../aws/asg-settings.js';
import { deletePolicy, describePolicies, policyPrefix, putPolicy, resourceLabelOf, type WantedPolicy, wantedPolicies } from '../aws/scaling-policies.js';
import { loadBalancerOf } from '../aws/target-groups.js';
import type { AwsTarget } from '../aws/target.js';
import type { RolloutContext } from './context.js';

/** A stand-in Application Load Balancer for targets that have none (the sandbox): the label keeps the documented shape. */
const SANDBOX_LOAD_BALANCER = (region: string) => `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/hangar-sandbox/0000000000000000`;

/** The policies of the group, with the request-count policy's ResourceLabel read from ELBv2 (first target group). */
export async function resolvePolicies(aws: AwsTarget, region: string, settings: AsgSettings, emit: Emitter, signal: AbortSignal): Promise<WantedPolicy[]> {
  if (settings.targetRequestsPerTarget === undefined) return wantedPolicies(settings, undefined);
  const targetGroup = settings.targetGroupArns[0]!;
  let loadBalancer: string;
  if (aws.loadBalancers) loadBalancer = await loadBalancerOf(aws, region, targetGroup, signal);
  else {
    loadBalancer = SANDBOX_LOAD_BALANCER(region);
    emit.warn(`the sandbox has no load balancers: the request-count policy names the stand-in ${loadBalancer}`, { group: settings.group });
  }
  return wantedPolicies(settings, resourceLabelOf(loadBalancer, targetGroup));
}

/** Puts every wanted policy on the ASG and deletes hangar's policies it no longer asks for; returns the names put. */
export async function applyPolicies(rc: RolloutContext, asg: string): Promise<string[]> {
  const scope = { group: rc.group };
  const call = { signal: rc.signal };
  const wanted = rc.policies ?? [];
  for (const policy of wanted) {
    await putPolicy(rc.autoscaling, asg, policy, call);
    rc.emit.log(
      `scaling policy ${policy.name} on ${asg}: target tracking ${policy.metric} at ${policy.target}, within min ${rc.settings.min} .. node_max ${rc.settings.max}`,
      scope,
    );
  }
  const names = new Set(wanted.map((p) => p.name));
  const stale = (await describePolicies(rc.autoscaling, asg, call)).filter((p) => p.PolicyName?.startsWith(policyPrefix(rc.group)) && !names.has(p.PolicyName));
  for (const policy of stale) {
    await deletePolicy(rc.autoscaling, asg, policy.PolicyName!, call);
    rc.emit.log(`deleted scaling policy ${policy.PolicyName} from ${asg}: nodes.json no longer asks for it`, scope);
  }
  return [...names];
}
