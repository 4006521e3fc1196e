// Drift of what runs: ASGs and instances against the newest AMI (rollout, instances) and ASG capacity against nodes.json.
import { formatCount } from '../format/plural.js';
import { actionFix, configFix } from './fix.js';
import { newestImage } from './judge-build.js';
import type { AsgFact, GroupFacts, ImageFact } from './snapshot.js';
import type { DriftItem } from './types.js';

const liveAsgs = (facts: GroupFacts): AsgFact[] => (facts.aws?.asgs ?? []).filter((asg) => !asg.deleting);

/** `older` when `imageId` is an AMI of the group created before the newest, else `another`. */
function olderOrOther(imageId: string, newest: ImageFact, images: readonly ImageFact[]): string {
  const image = images.find((i) => i.id === imageId);
  return image && image.createdAt < newest.createdAt ? 'an older' : 'another';
}

/** What one ASG launches and runs against the newest AMI and nodes.json's instance type; undefined when it matches. */
function judgeAsgRollout(facts: GroupFacts, asg: AsgFact, newest: ImageFact | undefined): DriftItem | undefined {
  const t = asg.template;
  const evidence: string[] = [];
  const reasons: string[] = [];
  if (!t) {
    evidence.push(`${asg.name} has no launch template (a launch configuration?)`);
    reasons.push('no launch template');
  } else if (t.imageId) {
    const where = `${t.name || t.id} version ${t.version}`;
    if (newest && t.imageId !== newest.id) {
      evidence.push(`${asg.name} launches ${t.imageId} (${where}); newest is ${newest.id}`);
      reasons.push(`launches ${olderOrOther(t.imageId, newest, facts.aws?.images ?? [])} AMI than the newest`);
    }
    const wanted = facts.config.instanceType;
    if (wanted && t.instanceType && t.instanceType !== wanted) {
      evidence.push(`${asg.name} launches ${t.instanceType} (${where}); nodes.json says ${wanted}`);
      reasons.push(`launches ${t.instanceType}, not ${wanted}`);
    }
    const byId = new Map((facts.aws?.instances ?? []).map((i) => [i.id, i]));
    const off = asg.instances.filter((m) => {
      const imageId = byId.get(m.id)?.imageId;
      return imageId !== undefined && imageId !== t.imageId;
    });
    for (const m of off) evidence.push(`${m.id} runs ${byId.get(m.id)?.imageId}, its ASG launches ${t.imageId}`);
    if (off.length) reasons.push(`${formatCount(off.length, 'instance')} ${off.length === 1 ? 'runs' : 'run'} another AMI than it launches`);
  }
  if (reasons.length === 0) return undefined;
  return { group: facts.group, kind: 'rollout', summary: `ASG ${asg.name} ${reasons.join('; ')}`, evidence, fix: actionFix('autoscale:update', facts.group) };
}

/** ASGs that launch or run another AMI (or instance type) than nodes.json and the newest AMI say; a group that autoscales with no ASG; an unfinished update. */
export function judgeRollout(facts: GroupFacts): DriftItem[] {
  if (!facts.aws) return [];
  const asgs = liveAsgs(facts);
  if (asgs.length === 0) {
    if (!facts.config.autoscales) return [];
    return [
      {
        group: facts.group,
        kind: 'rollout',
        summary: 'no ASG runs, and nodes.json says the group autoscales',
        evidence: [`no ASG tagged group=${facts.group} in ${facts.region}`],
        fix: actionFix('autoscale:run', facts.group),
      },
    ];
  }
  const items: DriftItem[] = [];
  if (asgs.length > 1) {
    items.push({
      group: facts.group,
      kind: 'rollout',
      summary: `${asgs.length} ASGs run: an update did not finish`,
      evidence: asgs.map((a) => `${a.name}: desired ${a.desired}, ${formatCount(a.instances.length, 'instance')}`),
      fix: actionFix('autoscale:update', facts.group, { resume: true }),
    });
  }
  const newest = newestImage(facts.aws.images);
  for (const asg of asgs) {
    const item = judgeAsgRollout(facts, asg, newest);
    if (item) items.push(item);
  }
  return items;
}

/** Instances outside every ASG (one-offs) that run another AMI than the group's newest. */
export function judgeInstances(facts: GroupFacts): DriftItem[] {
  if (!facts.aws) return [];
  const newest = newestImage(facts.aws.images);
  if (!newest) return [];
  const members = new Set(facts.aws.asgs.flatMap((asg) => asg.instances.map((i) => i.id)));
  const behind = facts.aws.instances.filter(
    (i) => !members.has(i.id) && !i.asgTag && ['pending', 'running', 'stopped'].includes(i.state) && i.imageId !== undefined && i.imageId !== newest.id,
  );
  if (behind.length === 0) return [];
  return [
    {
      group: facts.group,
      kind: 'instances',
      summary: `${formatCount(behind.length, 'one-off instance')} ${behind.length === 1 ? 'runs' : 'run'} ${behind.length === 1 ? 'an AMI' : 'AMIs'} other than the newest ${newest.id}`,
      evidence: [
        ...behind.map((i) => `${i.id} (${i.state}) runs ${i.imageId}`),
        `instance:deploy re-runs chef on the running ones; only a new instance (hangar instance:create ${facts.group}) runs ${newest.id}`,
      ],
      fix: actionFix('instance:deploy', facts.group),
    },
  ];
}

/** ASGs whose min/max/desired differ from nodes.json's autoscale block (or that run when nodes.json says the group does not autoscale). */
export function judgeCapacity(facts: GroupFacts): DriftItem[] {
  const wanted = facts.config.capacity;
  const items: DriftItem[] = [];
  // With several ASGs (an update that did not finish) only the newest is judged: the others are on their way out.
  for (const asg of liveAsgs(facts).slice(0, 1)) {
    const now = `${asg.name}: desired ${asg.desired}, min ${asg.min}, max ${asg.max}`;
    if (!facts.config.autoscales) {
      items.push({
        group: facts.group,
        kind: 'capacity',
        summary: `ASG ${asg.name} runs, but nodes.json says the group does not autoscale`,
        evidence: [now],
        fix: configFix(`add an "autoscale" block to ${facts.group} in nodes.json, or delete ASG ${asg.name}`),
      });
      continue;
    }
    if (!wanted) continue;
    const says = `nodes.json: ${wanted.desiredSet ? `desired ${wanted.desired}, ` : ''}min ${wanted.min}, max ${wanted.max}`;
    const desiredOff = asg.desired < wanted.min || asg.desired > wanted.max || (wanted.desiredSet && asg.desired !== wanted.desired);
    if (desiredOff) {
      // autoscale:update keeps the running desired capacity, so it cannot fix this one.
      const target = wanted.desiredSet ? wanted.desired : Math.min(wanted.max, Math.max(wanted.min, asg.desired));
      items.push({
        group: facts.group,
        kind: 'capacity',
        summary: `ASG ${asg.name} runs ${formatCount(asg.desired, 'instance')}; nodes.json wants ${wanted.desiredSet ? wanted.desired : `${wanted.min}..${wanted.max}`}`,
        evidence: [now, says, 'autoscale:update keeps the running desired capacity'],
        fix: configFix(
          `aws autoscaling update-auto-scaling-group --auto-scaling-group-name ${asg.name} --min-size ${wanted.min} --max-size ${wanted.max} --desired-capacity ${target} (or set ${facts.group}.autoscale in nodes.json to what runs)`,
        ),
      });
    } else if (asg.min !== wanted.min || asg.max !== wanted.max) {
      items.push({
        group: facts.group,
        kind: 'capacity',
        summary: `ASG ${asg.name} has min ${asg.min}, max ${asg.max}; nodes.json says min ${wanted.min}, max ${wanted.max}`,
        evidence: [now, says],
        fix: actionFix('autoscale:update', facts.group),
      });
    }
  }
  return items;
}
