// The adapter step of fleet:drift: one bounded set of describe calls per region for every group asked (images, ASGs, instances, template versions).
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { isDeleting, listGroupAsgs, tagOf, templateOf } from '../aws/asg.js';
import { awsClients } from '../aws/clients.js';
import { withAwsErrors } from '../aws/errors.js';
import { listGroupImages } from '../aws/images.js';
import { LIVE_STATES, listInstances } from '../aws/instances.js';
import { launchTemplateVersionData } from '../aws/launch-templates.js';
import type { AwsTarget } from '../aws/target.js';
import { messageOf } from '../errors.js';
import type { AsgFact, GroupFacts } from './snapshot.js';

export type AwsFacts = NonNullable<GroupFacts['aws']>;

/** The facts of one ASG, its template version's data filled from `versions` (keyed `id:version`). */
function asgFact(asg: AutoScalingGroup, versions: Map<string, { imageId: string | undefined; instanceType: string | undefined }>): AsgFact {
  const t = templateOf(asg);
  const data = t ? versions.get(`${t.id}:${t.version}`) : undefined;
  return {
    name: asg.AutoScalingGroupName ?? '',
    deleting: isDeleting(asg),
    min: asg.MinSize ?? 0,
    max: asg.MaxSize ?? 0,
    desired: asg.DesiredCapacity ?? 0,
    template: t ? { ...t, imageId: data?.imageId, instanceType: data?.instanceType } : undefined,
    instances: (asg.Instances ?? []).map((i) => ({ id: i.InstanceId ?? '', lifecycle: i.LifecycleState ?? '', health: i.HealthStatus ?? '' })),
  };
}

/**
 * What AWS holds for `groups` in `region`: DescribeImages, DescribeAutoScalingGroups and DescribeInstances (each
 * filtered by the group tag, every page, in parallel), then one DescribeLaunchTemplateVersions per launch template
 * the ASGs use. Never one call per instance. Templates that cannot be read are warnings, not errors.
 */
export async function gatherRegion(
  aws: AwsTarget,
  region: string,
  groups: readonly string[],
  signal: AbortSignal,
): Promise<{ facts: Map<string, AwsFacts>; warnings: string[] }> {
  const { ec2, autoscaling, endpoint } = await awsClients(aws, region);
  const [images, asgs, instances] = await Promise.all([
    listGroupImages(aws, region, groups, signal),
    withAwsErrors(() => listGroupAsgs(autoscaling, groups, { signal, includeDeleting: true }), { call: 'DescribeAutoScalingGroups', region, endpoint }),
    listInstances(aws, region, { groups, states: LIVE_STATES, signal }),
  ]);
  const refs = asgs.flatMap((asg) => {
    const t = templateOf(asg);
    return t?.id ? [{ id: t.id, version: t.version }] : [];
  });
  const versions = await launchTemplateVersionData(ec2, refs, { signal });
  const warnings = versions.unreadable.map(
    ({ id, error }) => `${region}: cannot read launch template ${id} (${messageOf(error)}): what its ASGs launch is not checked`,
  );
  const facts = new Map<string, AwsFacts>(groups.map((g) => [g, { images: [], asgs: [], instances: [] }]));
  for (const image of images) {
    facts.get(image.group)?.images.push({
      id: image.id,
      createdAt: image.creationDate,
      state: image.state,
      configHash: image.configHash,
      chefHash: image.tags['hangar:chef'],
    });
  }
  for (const asg of asgs) facts.get(tagOf(asg, 'group') ?? '')?.asgs.push(asgFact(asg, versions.data));
  for (const instance of instances) {
    facts.get(instance.group)?.instances.push({
      id: instance.id,
      state: instance.state,
      imageId: instance.imageId,
      asgTag: instance.tags['aws:autoscaling:groupName'],
    });
  }
  return { facts, warnings };
}
