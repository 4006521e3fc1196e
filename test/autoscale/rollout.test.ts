// Integration: autoscale:run / status / update against the sandbox through the real SDK, in-process jobs.
import { DescribeLaunchTemplatesCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, clearSandboxFaults } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, instanceIds, registerAmi, runAction, startAction, startWorld } from './world.js';

describe('autoscale against the sandbox', () => {
  let world: World;
  let ami: string;

  beforeAll(async () => {
    world = await startWorld();
    ami = await registerAmi(world, 'web');
  });
  afterAll(async () => world?.close());

  it('run without an AMI of the group says to run packer:run, and creates nothing', async () => {
    const other = await startWorld();
    try {
      const ran = await runAction(other, 'autoscale:run', ['web']);
      expect(ran.state).toBe('failed');
      expect(ran.text).toContain('hangar packer:run web');
      expect(await asgsOf(other, 'web')).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('run creates G-<timestamp> from the newest AMI at node_min; status shows it', async () => {
    const ran = await runAction(world, 'autoscale:run', ['web'], { wait: true });
    expect(ran.state, ran.text).toBe('succeeded');
    const [asg, ...rest] = await asgsOf(world, 'web');
    expect(rest).toHaveLength(0);
    expect(asg!.AutoScalingGroupName).toMatch(/^web-\d{14}$/);
    expect(asg).toMatchObject({ DesiredCapacity: 2, MinSize: 2, MaxSize: 3, HealthCheckType: 'EC2', HealthCheckGracePeriod: 0 });
    expect(asg!.LaunchTemplate).toMatchObject({ LaunchTemplateName: 'hangar-web', Version: '1' });
    expect(asg!.Instances?.every((i) => i.LifecycleState === 'InService')).toBe(true);
    expect(asg!.Tags).toEqual(expect.arrayContaining([expect.objectContaining({ Key: 'group', Value: 'web', PropagateAtLaunch: true })]));
    // autoscale:create ran first: the dna and role files exist.
    expect(ran.text).toContain('running autoscale:create web');

    const status = await runAction(world, 'autoscale:status', ['web']);
    expect(status.state).toBe('succeeded');
    expect(status.text).toContain(`${asg!.AutoScalingGroupName}  desired 2 (min 2, max 3)  2/2 healthy in service`);
    expect(status.text).toContain(`launch template hangar-web v1  AMI ${ami}`);
    expect(status.text.match(/InService\s+Healthy\s+running ok\/ok/g)).toHaveLength(2);
  });

  it('run when an ASG exists fails (exit 1) and creates nothing', async () => {
    const before = await asgsOf(world, 'web');
    const ran = await runAction(world, 'autoscale:run', ['web']);
    expect(ran.state).toBe('failed');
    expect(ran.job.error).toMatchObject({ code: 'autoscale.exists', exitCode: 1 });
    expect((await asgsOf(world, 'web')).map((a) => a.AutoScalingGroupName)).toEqual(before.map((a) => a.AutoScalingGroupName));
    const lt = await world.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['hangar-web'] }));
    expect(lt.LaunchTemplates?.[0]?.LatestVersionNumber).toBe(1);
  });

  it('update: new ASG at the same capacity, healthy; the old one drained and gone', async () => {
    const [old] = await asgsOf(world, 'web');
    const newAmi = await registerAmi(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const ran = await runAction(world, 'autoscale:update', ['web']);
    expect(ran.state, ran.text).toBe('succeeded');
    const after = await asgsOf(world, 'web');
    expect(after).toHaveLength(1);
    const [asg] = after;
    expect(asg!.AutoScalingGroupName).not.toBe(old!.AutoScalingGroupName);
    expect(asg!.DesiredCapacity).toBe(old!.DesiredCapacity);
    expect(asg!.Instances?.filter((i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy')).toHaveLength(2);
    expect(asg!.LaunchTemplate?.Version).toBe('2');
    // Progress was reported as it changed, up to N/N; the old instances were marked draining first.
    const progress = ran.events.filter((e) => e.type === 'progress' && e.label?.endsWith('healthy'));
    expect(progress.at(-1)).toMatchObject({ current: 2, total: 2 });
    expect(ran.text).toMatch(/marked 2 instances draining/);
    expect(ran.text).toContain(`deleted ASG ${old!.AutoScalingGroupName}`);
    // The health wait is announced as a timed wait (the workbench counts it down), for the group.
    const waits = ran.events.filter((e) => e.type === 'wait');
    expect(waits[0]).toMatchObject({ type: 'wait', group: 'web', label: `${asg!.AutoScalingGroupName} healthy`, seconds: 15 });
    // The new version pins the new AMI and is the template's default now.
    const versions = await world.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'hangar-web', Versions: ['2'] }));
    expect(versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId).toBe(newAmi);
    const lt = await world.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['hangar-web'] }));
    expect(lt.LaunchTemplates?.[0]?.DefaultVersionNumber).toBe(2);
  });

  it('update whose new instances never become healthy rolls back: the old ASG untouched, exit 1', async () => {
    const [old] = await asgsOf(world, 'web');
    const before = { name: old!.AutoScalingGroupName, desired: old!.DesiredCapacity, min: old!.MinSize, max: old!.MaxSize, ids: instanceIds(old) };
    await addSandboxFault(world.sandbox.stateFile, { kind: 'unhealthy', group: 'web' });
    await afterSecondOf(old!.AutoScalingGroupName);
    try {
      const ran = await runAction(world, 'autoscale:update', ['web']);
      expect(ran.state).toBe('failed');
      expect(ran.job.error).toMatchObject({ exitCode: 1 });
      expect(ran.text).toMatch(/update of web failed: .*Unhealthy.*rolled back/);
      await waitUntil(async () => (await asgsOf(world, 'web')).length === 1, 10_000, 'the new ASG to be gone');
      const [now] = await asgsOf(world, 'web');
      expect({ name: now!.AutoScalingGroupName, desired: now!.DesiredCapacity, min: now!.MinSize, max: now!.MaxSize, ids: instanceIds(now) }).toEqual(before);
      // Its launch template version went with it: only the versions in use before remain.
      const made = /launch template hangar-web version (\d+)/.exec(ran.text)?.[1];
      expect(made).toBe('3');
      const versions = await world.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'hangar-web' }));
      expect(versions.LaunchTemplateVersions?.map((v) => v.VersionNumber).sort()).toEqual([1, 2]);
    } finally {
      await clearSandboxFaults(world.sandbox.stateFile);
    }
  });

  it('abort during update stops waiting, rolls back the new ASG and reports what exists', async () => {
    const [old] = await asgsOf(world, 'web');
    const ids = instanceIds(old);
    await afterSecondOf(old!.AutoScalingGroupName);
    const running = startAction(world, 'autoscale:update', ['web']);
    await waitUntil(() => running.events.some((e) => e.type === 'log' && e.message.startsWith('created ASG')), 10_000, 'the new ASG');
    running.job.cancel('interrupted');
    const ran = await running.done;
    expect(ran.state).toBe('cancelled');
    expect(ran.job.error).toMatchObject({ code: 'autoscale.aborted' });
    expect(ran.text).toContain('what exists now:');
    expect(ran.text).toContain(`ASG ${old!.AutoScalingGroupName}: desired 2`);
    await waitUntil(async () => (await asgsOf(world, 'web')).length === 1, 10_000, 'the new ASG to be gone');
    const [now] = await asgsOf(world, 'web');
    expect(now!.AutoScalingGroupName).toBe(old!.AutoScalingGroupName);
    expect(instanceIds(now)).toEqual(ids);
  });
});
