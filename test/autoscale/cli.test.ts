// End-to-end: `hangar autoscale:*` as a child process (node dist/cli.js) against a sandbox started by the test.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, clearSandboxFaults } from '../../src/sandbox/index.js';
import { CLI, hangar } from '../helpers/project.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, instanceIds, registerAmi, startWorld } from './world.js';

const ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

describe('hangar autoscale:* as a child process (--endpoint)', () => {
  let world: World;
  const run = (...args: string[]) => hangar(world.dir, [...args, '--endpoint', world.sandbox.url], ENV);

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npx tsup').toBe(true);
    world = await startWorld();
    await registerAmi(world, 'web');
  });
  afterAll(async () => world?.close());

  it('run --wait, run again (exit 1), update --yes: the old ASG is gone, the new one InService at the same capacity', async () => {
    const first = await run('autoscale:run', 'web', '--wait');
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/web: ASG web-\d{14} created, desired 2, every instance healthy/);
    const [old] = await asgsOf(world, 'web');

    const again = await run('autoscale:run', 'web');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain(`web already has an ASG: ${old!.AutoScalingGroupName}; nothing was created`);
    expect((await asgsOf(world, 'web')).map((a) => a.AutoScalingGroupName)).toEqual([old!.AutoScalingGroupName]);

    const refused = await run('autoscale:update', 'web');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('pass --yes');

    await afterSecondOf(old!.AutoScalingGroupName);
    const update = await run('autoscale:update', 'web', '--yes');
    expect(update.exitCode, update.stderr).toBe(0);
    const [now, ...rest] = await asgsOf(world, 'web');
    expect(rest).toHaveLength(0);
    expect(now!.AutoScalingGroupName).not.toBe(old!.AutoScalingGroupName);
    expect(now!.DesiredCapacity).toBe(2);
    expect(now!.Instances?.filter((i) => i.LifecycleState === 'InService')).toHaveLength(2);
    expect(update.stdout).toContain(`web: ${now!.AutoScalingGroupName} in service at 2; retired ${old!.AutoScalingGroupName}`);
    expect(update.stdout).toContain(`healthy: 2/2`);

    const status = await run('autoscale:status', 'web', '--json');
    expect(status.exitCode).toBe(0);
    const result = status.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'result');
    expect(result.data.asgs).toHaveLength(1);
    expect(result.data.asgs[0]).toMatchObject({ name: now!.AutoScalingGroupName, desired: 2, templateVersion: '2' });
  });

  it('update under the unhealthy fault: exit 1, rolled back, the old ASG exactly as it was', async () => {
    const [old] = await asgsOf(world, 'web');
    const before = { name: old!.AutoScalingGroupName, desired: old!.DesiredCapacity, ids: instanceIds(old) };
    await addSandboxFault(world.sandbox.stateFile, { kind: 'unhealthy', group: 'web' });
    try {
      await afterSecondOf(old!.AutoScalingGroupName);
      const update = await run('autoscale:update', 'web', '--yes');
      expect(update.exitCode).toBe(1);
      expect(update.stderr).toMatch(/error: update of web failed: .*Unhealthy/);
      expect(update.stdout).toContain('what exists now:');
      await waitUntil(async () => (await asgsOf(world, 'web')).length === 1, 10_000, 'the new ASG to be gone');
      const [now] = await asgsOf(world, 'web');
      expect({ name: now!.AutoScalingGroupName, desired: now!.DesiredCapacity, ids: instanceIds(now) }).toEqual(before);
    } finally {
      await clearSandboxFaults(world.sandbox.stateFile);
    }
  });

  it('a group that does not autoscale is a usage error (exit 2) naming what to add, and nothing is created', async () => {
    const result = await run('autoscale:run', 'db');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('group "db" does not autoscale');
    expect(await asgsOf(world, 'db')).toHaveLength(0);
  });
});
