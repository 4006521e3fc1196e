// End-to-end (node dist/cli.js --endpoint sandbox): launches EC2 refuses end autoscale:update at once, quoting the failed activity.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, hangar } from '../helpers/project.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, instanceIds, nodesJson, registerAmi, startWorld } from './world.js';

const ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

describe('failed launches through the CLI', () => {
  let world: World;
  const run = (...args: string[]) => hangar(world.dir, [...args, '--endpoint', world.sandbox.url], ENV);

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npx tsup').toBe(true);
    // autoscale.timeout 600 s: a failure within seconds can only come from the scaling activity.
    world = await startWorld({ timeout: 600 });
    await registerAmi(world, 'web');
  });
  afterAll(async () => world?.close());

  it('update whose instances EC2 refuses to launch (unknown key pair): exit 1 within seconds, the activity quoted, rolled back, the old ASG as it was', async () => {
    const first = await run('autoscale:run', 'web', '--wait');
    expect(first.exitCode, first.stderr).toBe(0);
    const [old] = await asgsOf(world, 'web');
    const before = { name: old!.AutoScalingGroupName, desired: old!.DesiredCapacity, min: old!.MinSize, max: old!.MaxSize, ids: instanceIds(old) };

    // The group now names a key pair the region does not have: the template version is accepted, every launch fails.
    const nodes = JSON.parse(nodesJson({ timeout: 600 })) as Record<string, Record<string, unknown>>;
    nodes.web!.key_name = 'no-such-key';
    writeFileSync(join(world.dir, 'nodes.json'), JSON.stringify(nodes, null, 2));
    await afterSecondOf(old!.AutoScalingGroupName);
    const started = Date.now();
    const update = await run('autoscale:update', 'web', '--yes');
    const seconds = (Date.now() - started) / 1000;
    expect(update.exitCode, update.stderr).toBe(1);
    expect(seconds).toBeLessThan(30);
    expect(update.stderr).toContain("a scaling activity Failed: The key pair 'no-such-key' does not exist. Launching EC2 instance failed.");
    expect(update.stderr).toMatch(/rolled back: web-\d{14} deleted, web-\d{14} left as it was/);
    expect(update.stdout).toContain('what exists now:');

    await waitUntil(async () => (await asgsOf(world, 'web')).length === 1, 10_000, 'the new ASG to be gone');
    const [now] = await asgsOf(world, 'web');
    expect({ name: now!.AutoScalingGroupName, desired: now!.DesiredCapacity, min: now!.MinSize, max: now!.MaxSize, ids: instanceIds(now) }).toEqual(before);
  });

  it('run --wait of a group whose launches fail ends at once and says the ASG is left as it is', async () => {
    // Take the group away first (force delete), then run it again with the key pair still missing.
    const [asg] = await asgsOf(world, 'web');
    const { DeleteAutoScalingGroupCommand } = await import('@aws-sdk/client-auto-scaling');
    await world.autoscaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: asg!.AutoScalingGroupName, ForceDelete: true }));
    await waitUntil(async () => (await asgsOf(world, 'web')).length === 0, 10_000, 'the ASG to be gone');
    await afterSecondOf(asg!.AutoScalingGroupName);
    const started = Date.now();
    const ran = await run('autoscale:run', 'web', '--wait');
    expect(ran.exitCode, ran.stderr).toBe(1);
    expect((Date.now() - started) / 1000).toBeLessThan(30);
    expect(ran.stderr).toContain("The key pair 'no-such-key' does not exist. Launching EC2 instance failed.");
    expect(ran.stderr).toMatch(/ASG web-\d{14} was created and is left as it is/);
  });
});
