// Integration: a failed launch (Failed scaling activity) ends the health wait at once: update rolls back, run --wait says so.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { DeregisterImageCommand, DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { findAction } from '../../src/actions/catalog.js';
import type { ActionContext } from '../../src/actions/types.js';
import { findFailedActivity } from '../../src/aws/asg-activities.js';
import { prepareRollout, targetOf } from '../../src/rollout/prepare.js';
import { redBlackUpdate } from '../../src/rollout/redblack.js';
import { loadConfig } from '../../src/config/index.js';
import { HangarError } from '../../src/errors.js';
import { type JobEvent, createEmitter } from '../../src/jobs/events.js';
import { withState } from '../../src/sandbox/state/store.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, instanceIds, nodesJson, registerAmi, runAction, startAction, startWorld } from './world.js';
import { chooseBackends } from '../../src/runtime.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** An ActionContext like a job's, for calling the rollout functions directly. */
function contextOf(w: World, events: JobEvent[]): ActionContext {
  const signal = new AbortController().signal;
  return {
    config: w.config,
    options: w.options,
    backends: chooseBackends(w.options),
    signal,
    emit: createEmitter((e) => events.push(e)),
    runAction: async (name, groups) => {
      await findAction(name)!.run(contextOf(w, events), groups, {} as never);
    },
  };
}

const text = (events: JobEvent[]) => events.map((e) => ('message' in e ? e.message : '')).join('\n');

describe('failed launches end the wait early', () => {
  it('red/black update whose new AMI was deregistered fails fast with the activity message, rolled back, the old ASG untouched', async () => {
    // autoscale.timeout 600 s: only the activity can make this fail within seconds.
    world = await startWorld({ timeout: 600 });
    await registerAmi(world, 'web');
    const first = await runAction(world, 'autoscale:run', ['web'], { wait: true });
    expect(first.state, first.text).toBe('succeeded');
    const [old] = await asgsOf(world, 'web');
    const before = { name: old!.AutoScalingGroupName, desired: old!.DesiredCapacity, min: old!.MinSize, max: old!.MaxSize, ids: instanceIds(old) };

    const newAmi = await registerAmi(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const events: JobEvent[] = [];
    const ctx = contextOf(world, events);
    const rc = await prepareRollout(ctx, await targetOf(ctx, 'web'), 'autoscale:update');
    expect(rc.templateData.ImageId).toBe(newAmi);
    // Between choosing the AMI and launching from it, someone deregisters it (packer:clean elsewhere, a person).
    await world.ec2.send(new DeregisterImageCommand({ ImageId: newAmi }));

    const started = Date.now();
    const error = await redBlackUpdate(rc).then(
      () => undefined,
      (e: unknown) => e,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(error).toBeInstanceOf(HangarError);
    expect((error as HangarError).exitCode).toBe(1);
    expect((error as HangarError).message).toContain(`a scaling activity Failed: The image id '[${newAmi}]' does not exist. Launching EC2 instance failed.`);
    expect((error as HangarError).message).toMatch(/rolled back: web-\d{14} deleted/);
    expect(seconds).toBeLessThan(30);
    expect(text(events)).toMatch(/rolled back: deleted ASG web-\d{14} and its instances/);

    await waitUntil(async () => (await asgsOf(world!, 'web')).length === 1, 10_000, 'the new ASG to be gone');
    const [now] = await asgsOf(world, 'web');
    expect({ name: now!.AutoScalingGroupName, desired: now!.DesiredCapacity, min: now!.MinSize, max: now!.MaxSize, ids: instanceIds(now) }).toEqual(before);
    const versions = await world.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'hangar-web' }));
    expect(versions.LaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([1]);
    await rc.registry?.close();
  });

  it('the judge quotes the newest Failed/Cancelled activity, and leaves out the ignored ones', () => {
    const activities = [
      { ActivityId: 'a3', StatusCode: 'Successful' as const },
      { ActivityId: 'a2', StatusCode: 'Cancelled' as const, Description: 'Launching a new EC2 instance.  Status Reason: cancelled' },
      { ActivityId: 'a1', StatusCode: 'Failed' as const, StatusMessage: 'The image id ... does not exist. Launching EC2 instance failed.' },
    ];
    expect(findFailedActivity(activities)).toEqual({ id: 'a2', status: 'Cancelled', message: 'Launching a new EC2 instance.  Status Reason: cancelled' });
    expect(findFailedActivity(activities, new Set(['a2']))).toMatchObject({
      id: 'a1',
      status: 'Failed',
      message: expect.stringContaining('Launching EC2 instance failed.'),
    });
    expect(findFailedActivity(activities, new Set(['a1', 'a2']))).toBeUndefined();
    expect(findFailedActivity([{ ActivityId: 'x', StatusCode: 'InProgress' }])).toBeUndefined();
  });

  it('--resume ignores a failure the resumed ASG had before this run (it is healthy now) and finishes', async () => {
    world = await startWorld({ drain_timeout: 30 });
    await registerAmi(world, 'web');
    expect((await runAction(world, 'autoscale:run', ['web'], { wait: true })).state).toBe('succeeded');
    const [old] = await asgsOf(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const first = startAction(world, 'autoscale:update', ['web']);
    await waitUntil(() => first.events.some((e) => e.type === 'log' && e.message.startsWith('draining: waiting')), 10_000, 'draining');
    first.job.cancel('interrupted');
    await first.done;
    const fresh = (await asgsOf(world, 'web')).find((a) => a.AutoScalingGroupName !== old!.AutoScalingGroupName)!.AutoScalingGroupName!;
    // An earlier launch of the resumed ASG failed (AWS keeps such activities for weeks); it has recovered since.
    await withState(world.sandbox.stateFile, (state) => {
      state.activities.push({
        id: 'act-old-failure',
        group: fresh,
        description: 'Launching a new EC2 instance.  Status Reason: x',
        cause: 'test',
        startedAt: Date.now(),
        endedAt: Date.now(),
        status: 'Failed',
        statusMessage: 'Insufficient capacity. Launching EC2 instance failed.',
      });
    });
    const listed = await world.autoscaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: fresh }));
    expect(listed.Activities?.[0]).toMatchObject({ ActivityId: 'act-old-failure', StatusCode: 'Failed' });

    writeFileSync(join(world.dir, 'nodes.json'), nodesJson({ drain_timeout: 0 }));
    world.config = loadConfig(join(world.dir, 'nodes.json'));
    const ran = await runAction(world, 'autoscale:update', ['web'], { resume: true });
    expect(ran.state, ran.text).toBe('succeeded');
    expect((await asgsOf(world, 'web')).map((a) => a.AutoScalingGroupName)).toEqual([fresh]);
  });
});
