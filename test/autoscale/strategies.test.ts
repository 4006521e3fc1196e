// Integration: refresh strategy, resuming an interrupted retirement, registry and target-group gates, status --watch.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeInstancesCommand, DescribeLaunchTemplatesCommand } from '@aws-sdk/client-ec2';
import { loadConfig } from '../../src/config/index.js';
import { SetDesiredCapacityCommand } from '@aws-sdk/client-auto-scaling';
import { afterEach, describe, expect, it } from 'vitest';
import { findAction } from '../../src/actions/catalog.js';
import type { ActionContext } from '../../src/actions/types.js';
import { prepareRollout, targetOf } from '../../src/rollout/prepare.js';
import { redBlackUpdate } from '../../src/rollout/redblack.js';
import { createEmitter, type JobEvent } from '../../src/jobs/events.js';
import { MemoryRegistry } from '../../src/registry/memory.js';
import { addSandboxFault } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, nodesJson, asgsOf, instanceIds, registerAmi, runAction, startAction, startWorld } from './world.js';
import { chooseBackends } from '../../src/runtime.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A world with `web` running (2 instances InService). */
async function runningWorld(autoscale: Record<string, unknown> = {}, speed?: number): Promise<World> {
  world = await startWorld(autoscale, speed);
  await registerAmi(world, 'web');
  const ran = await runAction(world, 'autoscale:run', ['web'], { wait: true });
  expect(ran.state, ran.text).toBe('succeeded');
  return world;
}

/** An ActionContext like a job's, for calling the rollout functions directly. */
function contextOf(w: World, events: JobEvent[], signal = new AbortController().signal): ActionContext {
  return {
    config: w.config,
    options: w.options,
    backends: chooseBackends(w.options),
    signal,
    emit: createEmitter((e) => events.push(e)),
    runAction: async (name, groups) => {
      await findAction(name)!.run(contextOf(w, events, signal), groups, {} as never);
    },
  };
}

describe('--strategy refresh', () => {
  it('refreshes the one ASG to a new template version and reports its percentage', async () => {
    const w = await runningWorld();
    const [before] = await asgsOf(w, 'web');
    const ran = await runAction(w, 'autoscale:update', ['web'], { strategy: 'refresh' });
    expect(ran.state, ran.text).toBe('succeeded');
    const percents = ran.events.filter((e) => e.type === 'progress').map((e) => (e as { current: number }).current);
    expect(percents.at(-1)).toBe(100);
    const [after, ...rest] = await asgsOf(w, 'web');
    expect(rest).toHaveLength(0);
    expect(after!.AutoScalingGroupName).toBe(before!.AutoScalingGroupName);
    expect(after!.LaunchTemplate?.Version).toBe('2');
    expect(instanceIds(after).some((id) => instanceIds(before).includes(id))).toBe(false);
    const lt = await w.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['hangar-web'] }));
    expect(lt.LaunchTemplates?.[0]?.DefaultVersionNumber).toBe(2);
  });

  it('a refresh that never finishes times out, is stopped, and fails (exit 1)', async () => {
    const w = await runningWorld({ timeout: 1 });
    await addSandboxFault(w.sandbox.stateFile, { kind: 'unhealthy', group: 'web' });
    const ran = await runAction(w, 'autoscale:update', ['web'], { strategy: 'refresh' });
    expect(ran.state).toBe('failed');
    expect(ran.job.error).toMatchObject({ code: 'autoscale.refresh', exitCode: 1 });
    expect(ran.text).toMatch(/timed out after \d+ s waiting for instance refresh/);
    expect(ran.text).toMatch(/(cancelled|rolling back) the instance refresh/);
  });
});

describe('autoscale:run --wait', () => {
  it('fails when the instances never become healthy, and says the ASG is left as it is', async () => {
    world = await startWorld();
    await registerAmi(world, 'web');
    await addSandboxFault(world.sandbox.stateFile, { kind: 'unhealthy', group: 'web' });
    const ran = await runAction(world, 'autoscale:run', ['web'], { wait: true });
    expect(ran.state).toBe('failed');
    expect(ran.job.error).toMatchObject({ code: 'autoscale.wait', exitCode: 1 });
    const [asg, ...rest] = await asgsOf(world, 'web');
    expect(rest).toHaveLength(0);
    expect(ran.text).toContain(`ASG ${asg!.AutoScalingGroupName} was created and is left as it is`);
  });
});

describe('red/black details', () => {
  it('an update interrupted while retiring the old ASG is finished by running it again', async () => {
    const w = await runningWorld({ drain_timeout: 30 });
    const [old] = await asgsOf(w, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const first = startAction(w, 'autoscale:update', ['web']);
    await waitUntil(() => first.events.some((e) => e.type === 'log' && e.message.startsWith('draining: waiting')), 10_000, 'draining');
    // The drain is announced as a timed wait (the workbench counts it down).
    await waitUntil(() => first.events.some((e) => e.type === 'wait'), 5000, 'the drain wait');
    expect(first.events.filter((e) => e.type === 'wait').at(-1)).toMatchObject({ label: `${old!.AutoScalingGroupName} drain`, seconds: 30, group: 'web' });
    first.job.cancel('interrupted');
    const stopped = await first.done;
    expect(stopped.job.error).toMatchObject({ code: 'autoscale.aborted' });
    expect(stopped.text).toContain('hangar autoscale:update web --resume --yes');
    const both = await asgsOf(w, 'web');
    expect(both).toHaveLength(2);
    const fresh = both.find((a) => a.AutoScalingGroupName !== old!.AutoScalingGroupName)!;
    // The old instances were marked draining in the (sandbox-derived) registry before the wait.
    const tagged = await w.ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds(old) as string[] }));
    const statuses = tagged.Reservations!.flatMap((r) => r.Instances!).map((i) => i.Tags?.find((t) => t.Key === 'hangar:status')?.Value);
    expect(statuses).toEqual(['draining', 'draining']);

    // The second run drains at once: this test is about resuming, not about waiting.
    writeFileSync(join(w.dir, 'nodes.json'), nodesJson({ drain_timeout: 0 }));
    w.config = loadConfig(join(w.dir, 'nodes.json'));
    // Without --resume, several ASGs are an error that changes nothing (another update may be running).
    const refused = await runAction(w, 'autoscale:update', ['web']);
    expect(refused.job.error).toMatchObject({ code: 'autoscale.several', exitCode: 1 });
    expect((await asgsOf(w, 'web')).map((a) => a.AutoScalingGroupName).sort()).toEqual(both.map((a) => a.AutoScalingGroupName).sort());
    const ran = await runAction(w, 'autoscale:update', ['web'], { resume: true });
    expect(ran.state, ran.text).toBe('succeeded');
    expect(ran.text).toContain(`resuming the update of web with ${fresh.AutoScalingGroupName} as the new ASG`);
    const [now, ...rest] = await asgsOf(w, 'web');
    expect(rest).toHaveLength(0);
    expect(now!.AutoScalingGroupName).toBe(fresh.AutoScalingGroupName);
  });

  it('ctrl-c while the old instances terminate deletes the old ASG at once (never left at 0)', async () => {
    const w = await runningWorld({}, 0.3);
    const [old] = await asgsOf(w, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const running = startAction(w, 'autoscale:update', ['web']);
    await waitUntil(
      () => running.events.some((e) => e.type === 'log' && e.message.startsWith(`scaled ${old!.AutoScalingGroupName} to 0`)),
      20_000,
      'scale to 0',
    );
    running.job.cancel('interrupted');
    const ran = await running.done;
    expect(ran.state).toBe('cancelled');
    expect(ran.text).toContain(`stopped waiting: deleting ${old!.AutoScalingGroupName} with its instances now (force)`);
    const left = await asgsOf(w, 'web');
    expect(left.find((a) => a.AutoScalingGroupName === old!.AutoScalingGroupName)?.Status ?? 'gone').toMatch(/Delete in progress|gone/);
    expect(left.filter((a) => a.AutoScalingGroupName !== old!.AutoScalingGroupName)).toHaveLength(1);
  });

  it('waits until every service of every new instance is registered', async () => {
    const w = await runningWorld();
    const [old] = await asgsOf(w, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const events: JobEvent[] = [];
    const ctx = contextOf(w, events);
    const rc = await prepareRollout(ctx, await targetOf(ctx, 'web'), 'test', { intervalMs: 50 });
    const registry = new MemoryRegistry();
    rc.registry = registry;
    expect(rc.services).toEqual(['www']);
    const update = redBlackUpdate(rc);
    // Register www for each new instance only once both are InService: the update must still be waiting then.
    await waitUntil(
      () => events.some((e) => e.type === 'log' && /InService Healthy, EC2 running ok\/ok, waiting for www/.test(e.message)),
      10_000,
      'InService, unregistered',
    );
    const fresh = (await asgsOf(w, 'web')).find((a) => a.AutoScalingGroupName !== old!.AutoScalingGroupName)!;
    // Not registered yet: the old ASG is still there and retiring has not started.
    expect((await asgsOf(w, 'web')).some((a) => a.AutoScalingGroupName === old!.AutoScalingGroupName)).toBe(true);
    expect(events.some((e) => e.type === 'step' && e.name.startsWith('retire'))).toBe(false);
    for (const id of instanceIds(fresh)) {
      await registry.register([{ service: 'www', instance: id!, host: '127.0.0.1', port: 8080, group: 'web', status: 'up', since: new Date().toISOString() }]);
    }
    const out = await update;
    expect(out.asg).toBe(fresh.AutoScalingGroupName);
    expect(out.retired).toEqual([old!.AutoScalingGroupName]);
  });

  it('waits for target group health through the injected checker, and rolls back when it never comes', async () => {
    const w = await runningWorld({ target_group_arns: ['arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1'], timeout: 2 });
    const [old] = await asgsOf(w, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const events: JobEvent[] = [];
    const ctx = contextOf(w, events);
    const asked: string[][] = [];
    const rc = await prepareRollout(ctx, await targetOf(ctx, 'web'), 'test', {
      intervalMs: 50,
      targetHealth: async (_arns, ids) => {
        asked.push([...ids]);
        return new Map(ids.map((id) => [id, 'initial']));
      },
    });
    const failure = await redBlackUpdate(rc).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'autoscale.timeout' });
    expect(String((failure as Error).message)).toContain('target initial');
    expect(asked.length).toBeGreaterThan(0);
    await waitUntil(async () => (await asgsOf(w, 'web')).length === 1, 10_000, 'rollback');
    expect((await asgsOf(w, 'web'))[0]!.AutoScalingGroupName).toBe(old!.AutoScalingGroupName);
  });
});

describe('autoscale:status --watch', () => {
  it('prints again when something changes, and stops on cancel', async () => {
    const w = await runningWorld();
    const [asg] = await asgsOf(w, 'web');
    const watch = startAction(w, 'autoscale:status', ['web'], { watch: true, interval: 0.1 });
    await waitUntil(() => watch.events.some((e) => e.type === 'result'), 10_000, 'the first status');
    await w.autoscaling.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: asg!.AutoScalingGroupName, DesiredCapacity: 3 }));
    await waitUntil(
      () => watch.events.some((e) => e.type === 'result' && e.text?.includes('desired 3') && e.text.includes('3/3 healthy')),
      10_000,
      'the status to show 3/3',
    );
    watch.job.cancel();
    const ran = await watch.done;
    expect(['succeeded', 'cancelled']).toContain(ran.state);
    expect(ran.events.filter((e) => e.type === 'result').length).toBeGreaterThanOrEqual(2);
  });
});
