// fleet:show on the sandbox: one group's ASG (pinned template version, its AMI, its scaling policies), instances, AMIs with config match and usage.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroupDetail } from '../../src/fleet/group-detail.js';
import { addSandboxFault } from '../../src/sandbox/index.js';
import { launchSmallGroup, writeSmallFleet } from '../helpers/small-fleet.js';
import { hangar } from '../helpers/project.js';

const ENV = { HANGAR_SANDBOX_SPEED: '50', AWS_EC2_METADATA_DISABLED: 'true' };

/** fleet:show's result data (the --json result event). */
async function show(dir: string, group: string): Promise<GroupDetail> {
  const ran = await hangar(dir, ['--sandbox', 'fleet:show', group, '--json'], ENV);
  expect(ran.exitCode, ran.stderr).toBe(0);
  const result = ran.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data?: unknown })
    .find((event) => event.type === 'result');
  return result!.data as GroupDetail;
}

describe('fleet:show (sandbox)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-show-'));

  beforeAll(async () => {
    writeSmallFleet(dir, { web: 1 });
    // A target-tracking policy for autoscale:run to put on the ASG.
    const file = join(dir, 'nodes.json');
    const nodes = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { autoscale: Record<string, unknown> }>;
    nodes.web!.autoscale.target_cpu = 50;
    writeFileSync(file, JSON.stringify(nodes, null, 2));
    await launchSmallGroup(dir, 'web', ENV);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the ASG, its pinned template version and AMI, the instance, and why the AMI is in use', async () => {
    const detail = await show(dir, 'web');
    expect(detail.asgs).toHaveLength(1);
    const [asg] = detail.asgs;
    const [image] = detail.images;
    expect(asg!.name).toMatch(/^web-\d{14}$/);
    expect(asg).toMatchObject({ desired: 1, min: 1, max: 2, template: 'hangar-web:1', healthy: 1, instances: 1 });
    expect(asg!.imageId).toBe(image!.id);
    expect(detail.instances).toHaveLength(1);
    expect(detail.instances[0]).toMatchObject({ state: 'running', health: 'Healthy InService', zone: 'us-east-1a', imageId: image!.id, asg: asg!.name });
    expect(image!.matches).toBe(true);
    expect(image!.configHash).toBe(detail.configHash);
    expect(image!.uses).toContain(`ASG ${asg!.name} (launch template hangar-web version 1)`);
    expect(image!.uses).toContain(`instance ${detail.instances[0]!.id} (running, group web)`);
    expect(asg!.policies).toEqual(['hangar-web-cpu: ASGAverageCPUUtilization at 50']);
    expect(detail.problems).toEqual([]);
  });

  it("lists each ASG's scaling policies under it in the text output", async () => {
    const ran = await hangar(dir, ['--sandbox', 'fleet:show', 'web'], ENV);
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/ASGs:\n {2}web-\d{14} .*\n {4}policy hangar-web-cpu: ASGAverageCPUUtilization at 50\n\nInstances:/);
  });

  it('names a policy read that fails as a warning and still shows the rest of the group', async () => {
    await addSandboxFault(join(dir, '.hangar', 'sandbox.json'), {
      kind: 'error',
      action: 'DescribePolicies',
      code: 'AccessDenied',
      message: 'not allowed',
      count: 1,
    });
    const detail = await show(dir, 'web');
    const [asg] = detail.asgs;
    expect(asg!.policies).toEqual([]);
    expect(detail.instances).toHaveLength(1);
    expect(detail.problems).toHaveLength(1);
    expect(detail.problems[0]).toMatch(new RegExp(`^scaling policies of ASG ${asg!.name}: .*not allowed`));
    expect((await show(dir, 'web')).asgs[0]!.policies).toHaveLength(1);
  });

  it('says the AMI no longer matches once nodes.json changes the group', async () => {
    const file = join(dir, 'nodes.json');
    const nodes = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    nodes.web!.instance_type = 'm3.xlarge';
    writeFileSync(file, JSON.stringify(nodes, null, 2));
    const detail = await show(dir, 'web');
    expect(detail.images[0]!.matches).toBe(false);
    expect(detail.images[0]!.configHash).not.toBe(detail.configHash);
  });
});
