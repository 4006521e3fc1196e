// DescribeInstanceStatus for an ASG's instances (the inputs of the health judgement in src/rollout/health.ts).
import type { EC2Client, InstanceStatus } from '@aws-sdk/client-ec2';
import { sendOptions } from './clients.js';
import { awsErrorCode } from './errors.js';
import type { CallOptions } from './launch-templates.js';

/** DescribeInstanceStatus for the ids (all states); ids EC2 does not know yet count as pending. */
export async function describeInstanceStatuses(ec2: EC2Client, ids: readonly string[], options: CallOptions = {}): Promise<InstanceStatus[]> {
  if (ids.length === 0) return [];
  const { DescribeInstanceStatusCommand } = await import('./sdk-ec2.js');
  const out: InstanceStatus[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    try {
      const page = await ec2.send(new DescribeInstanceStatusCommand({ InstanceIds: chunk, IncludeAllInstances: true }), sendOptions(options.signal));
      out.push(...(page.InstanceStatuses ?? []));
    } catch (error) {
      // Right after launch EC2 may not know an id yet (eventual consistency): ask one by one.
      if (!/InvalidInstanceID/i.test(awsErrorCode(error) ?? '') || chunk.length === 1) {
        if (/InvalidInstanceID/i.test(awsErrorCode(error) ?? '')) continue;
        throw error;
      }
      for (const id of chunk) out.push(...(await describeInstanceStatuses(ec2, [id], options)));
    }
  }
  return out;
}
