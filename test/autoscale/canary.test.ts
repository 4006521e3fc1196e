// autoscale:update --canary against the sandbox: the new ASG at K first, then full capacity; an unhealthy canary rolls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, clearSandboxFaults } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, instanceIds, registerAmi, runAction, startAction, startWorld } from './world.js';

/** Every DesiredCapacity the new ASG (any ASG but `old`) was seen at while the job ran, in order, repeats dropped. */
async function watchNewAsg(world: World, old: string | undefined, done: Promise<unknown>): Promise<number[]> {
  const seen: number[] = [];
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  const deadline = Date.now() + 60_000;
  while (!finished && Date.now() < deadline) {
    for (const asg of await asgsOf(world, 'web')) {
      if (asg.AutoScalingGroupName === old || asg.Status) continue;
      if (seen.at(-1) !== asg.DesiredCapacity) seen.push(asg.DesiredCapacity ?? -1);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return seen;
}

describe('autoscale:update --canary against the sandbox', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ node_min: 3, node_max: 3 });
    await registerAmi(world, 'web');
    const ran = await runAction(world, 'autoscale:run', ['web'], { wait: true });
    expect(ran.state, ran.text).toBe('succeeded');
  });
  afterAll(async () => world?.close());

  it('a canary of 1 on a group of 3: the new ASG runs 1 instance, then 3, then the old one is retired', async () => {
    const [old] = await asgsOf(world, 'web');
    expect(old!.DesiredCapacity).toBe(3);
    await registerAmi(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const started = startAction(world, 'autoscale:update', ['web'], { canary: 1 });
    const [ran, desired] = await Promise.all([started.done, watchNewAsg(world, old!.AutoScalingGroupName, started.done)]);
    expect(ran.state, ran.text).toBe('succeeded');
    expect(desired).toEqual([1, 3]);
    // Progress names the stage: the canary's 1/1, then the full 3/3.
    const progress = ran.events
      .filter((e) => e.type === 'progress' && e.label?.endsWith('healthy'))
      .map((e) => e.type === 'progress' && [e.label?.split(' ')[0], e.current, e.total]);
    const canaryAt = progress.findIndex((p) => p && p[0] === 'canary:' && p[1] === 1 && p[2] === 1);
    const fullAt = progress.findIndex((p) => p && p[0] !== 'canary:' && p[1] === 3 && p[2] === 3);
    expect(canaryAt).toBeGreaterThanOrEqual(0);
    expect(fullAt).toBeGreaterThan(canaryAt);
    expect(ran.text).toMatch(/==> canary: launch a new ASG for web with 1 of 3 instances/);
    expect(ran.text).toMatch(/canary passed: 1\/1 healthy in web-\d{14}/);
    expect(ran.text).toMatch(/==> scale web-\d{14} from 1 to full capacity \(3\)/);
    expect(ran.text).toMatch(/in service at 3 after a canary of 1/);
    const after = await asgsOf(world, 'web');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ DesiredCapacity: 3, MinSize: 3, MaxSize: 3 });
    expect(after[0]!.AutoScalingGroupName).not.toBe(old!.AutoScalingGroupName);
  });

  it('an unhealthy canary rolls back: never scaled past 1, the old ASG exactly as before, exit 1', async () => {
    const [old] = await asgsOf(world, 'web');
    const before = { name: old!.AutoScalingGroupName, desired: old!.DesiredCapacity, min: old!.MinSize, max: old!.MaxSize, ids: instanceIds(old) };
    await addSandboxFault(world.sandbox.stateFile, { kind: 'unhealthy', group: 'web' });
    await afterSecondOf(old!.AutoScalingGroupName);
    try {
      const started = startAction(world, 'autoscale:update', ['web'], { canary: 1 });
      const [ran, desired] = await Promise.all([started.done, watchNewAsg(world, old!.AutoScalingGroupName, started.done)]);
      expect(ran.state).toBe('failed');
      expect(ran.job.error).toMatchObject({ exitCode: 1 });
      expect(ran.text).toMatch(/update of web failed in its canary stage \(1 instance\): .*Unhealthy.*rolled back/);
      expect(desired).toEqual([1]);
      expect(ran.text).not.toContain('canary passed');
      await waitUntil(async () => (await asgsOf(world, 'web')).length === 1, 10_000, 'the new ASG to be gone');
      const [now] = await asgsOf(world, 'web');
      expect({ name: now!.AutoScalingGroupName, desired: now!.DesiredCapacity, min: now!.MinSize, max: now!.MaxSize, ids: instanceIds(now) }).toEqual(before);
    } finally {
      await clearSandboxFaults(world.sandbox.stateFile);
    }
  });

  it('autoscale.canary in nodes.json sets the default; --strategy refresh refuses --canary (exit 2)', async () => {
    const { resolveAsgSettings } = await import('../../src/aws/asg-settings.js');
    const { loadConfig } = await import('../../src/config/index.js');
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { nodesJson } = await import('./world.js');
    writeFileSync(join(world.dir, 'canary-nodes.json'), nodesJson({ canary: 2 }));
    const config = loadConfig(join(world.dir, 'canary-nodes.json'));
    expect(resolveAsgSettings('web', config.groups.get('web')!.merged).canary).toBe(2);
    const refused = await runAction(world, 'autoscale:update', ['web'], { strategy: 'refresh', canary: 1 });
    expect(refused.state).toBe('failed');
    expect(refused.job.error).toMatchObject({ exitCode: 2 });
  });

  it('autoscale.canary in nodes.json drives an update without the flag; --canary 0 turns it off', async () => {
    const other = await startWorld({ node_min: 3, node_max: 3, canary: 2 });
    try {
      await registerAmi(other, 'web');
      expect((await runAction(other, 'autoscale:run', ['web'], { wait: true })).state).toBe('succeeded');
      for (const [flags, seen] of [
        [{}, [2, 3]],
        [{ canary: 0 }, [3]],
      ] as const) {
        const [old] = await asgsOf(other, 'web');
        await afterSecondOf(old!.AutoScalingGroupName);
        const started = startAction(other, 'autoscale:update', ['web'], flags);
        const [ran, desired] = await Promise.all([started.done, watchNewAsg(other, old!.AutoScalingGroupName, started.done)]);
        expect(ran.state, ran.text).toBe('succeeded');
        expect(desired).toEqual(seen);
      }
    } finally {
      await other.close();
    }
  });
});
