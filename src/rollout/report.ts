// What exists now for a group (its ASGs, capacity, instances): said after a failure, an abort or a rollback.
import type { AutoScalingGroup } from '@aws-sdk/client-auto-scaling';
import { messageOf } from '../errors.js';
import { listGroupAsgs, templateOf } from '../aws/asg.js';
import type { RolloutContext } from './context.js';

/** One line per ASG: name, capacity, instances by lifecycle state, template version. */
export function describeAsgLine(asg: AutoScalingGroup): string {
  const counts = new Map<string, number>();
  for (const i of asg.Instances ?? []) counts.set(i.LifecycleState ?? '?', (counts.get(i.LifecycleState ?? '?') ?? 0) + 1);
  const instances = [...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no instances';
  const t = templateOf(asg);
  const status = asg.Status ? ` [${asg.Status}]` : '';
  return `ASG ${asg.AutoScalingGroupName}${status}: desired ${asg.DesiredCapacity} (min ${asg.MinSize}, max ${asg.MaxSize}), ${instances}${
    t ? `, launch template ${t.name || t.id} v${t.version}` : ''
  }`;
}

/** Lists the group's ASGs as they are now; returns the lines (also emitted). */
export async function reportGroupState(rc: RolloutContext): Promise<string[]> {
  let lines: string[];
  try {
    // No signal: this says what exists after a cancel too.
    const asgs = await listGroupAsgs(rc.autoscaling, rc.group, { includeDeleting: true });
    lines = asgs.length ? asgs.map(describeAsgLine) : [`no ASG of ${rc.group} exists`];
  } catch (error) {
    lines = [`could not list the ASGs of ${rc.group}: ${messageOf(error)}`];
  }
  rc.emit.log('what exists now:', { group: rc.group });
  for (const line of lines) rc.emit.log(`  ${line}`, { group: rc.group });
  return lines;
}
