// Previews against the sandbox: what packer:clean, packer:delete, autoscale:update and instance:deploy would do, nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAction } from '../../src/actions/catalog.js';
import { withDefaults } from '../../src/actions/flags.js';
import { defineAction } from '../../src/actions/types.js';
import { previewAction } from '../../src/jobs/preview.js';
import { type World, asgsOf, registerAmi, runAction, startWorld } from './world.js';

let world: World;
const amis: string[] = [];

beforeAll(async () => {
  world = await startWorld();
  for (let i = 0; i < 3; i++) amis.push(await registerAmi(world, 'web'));
  const ran = await runAction(world, 'autoscale:run', ['web'], { wait: true });
  expect(ran.state, ran.text).toBe('succeeded');
}, 60_000);
afterAll(() => world.close());

const preview = async (name: string, groups: string[], flags: Record<string, unknown> = {}) => {
  const action = findAction(name)!;
  const lines = await previewAction({ action, groups, flags: withDefaults(action, flags), config: world.config, options: world.options });
  return (lines ?? []).map((line) => `${line.tone ?? '-'} ${line.text}`).join('\n');
};

describe('previews (sandbox)', () => {
  it('packer:clean -n 0: the older AMIs go, the newest is kept because the ASG uses it; nothing is deregistered', async () => {
    const text = await preview('packer:clean', ['web'], { keep: 0 });
    expect(text).toContain('web (us-east-1): 3 AMIs: 2 deregistered, 1 kept');
    expect(text).toContain(`remove   deregister ${amis[0]}`);
    expect(text).toContain(`remove   deregister ${amis[1]}`);
    expect(text).toMatch(new RegExp(`keep   keep ${amis[2]}: in use by .*\\(web `));
    const kept = await preview('packer:clean', ['web'], { keep: 2 });
    expect(kept).toContain(`keep   keep ${amis[2]}: one of the newest 2 (web `);
    expect(kept).toContain(`keep   keep ${amis[1]}: one of the newest 2 (web `);
    expect(kept).toContain(`remove   deregister ${amis[0]}`);
    const { DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
    const images = await world.ec2.send(new DescribeImagesCommand({ ImageIds: amis }));
    expect(images.Images).toHaveLength(3);
  });

  it('packer:delete lists every AMI and the file, and says it would refuse without --force', async () => {
    const text = await preview('packer:delete', ['web']);
    expect(text).toContain('web (us-east-1): 3 AMIs deregistered with their snapshots, then packer/web.json removed');
    expect(text).toContain('warn   refused: 1 AMI in use (--force deregisters them anyway)');
    for (const ami of amis) expect(text).toContain(`deregister ${ami}`);
    expect(text).toContain('remove   remove packer/web.json (does not exist)');
    expect(await preview('packer:delete', ['web'], { force: true })).not.toContain('refused');
  });

  it('autoscale:update names the ASG retired and the new one at its capacity', async () => {
    const [asg] = await asgsOf(world, 'web');
    const text = await preview('autoscale:update', ['web']);
    expect(text).toContain('change   new web-<timestamp> from the newest AMI: desired 2, min 2, max 3');
    expect(text).toContain(`remove   retire ${asg!.AutoScalingGroupName} (desired 2, min 2, max 3) once the new one is healthy`);
    expect(await asgsOf(world, 'web')).toHaveLength(1);
  });

  it('instance:deploy counts the running hosts per group', async () => {
    const text = await preview('instance:deploy', ['web'], {});
    expect(text).toContain('- 2 running hosts in 1 group provisioned again, 10 at a time');
    expect(text).toContain('change   web: 2 hosts');
  });

  it('an action without a preview has none; a failing preview is one warning line, never a throw', async () => {
    expect(
      await previewAction({ action: findAction('role:create')!, groups: ['web'], flags: {}, config: world.config, options: world.options }),
    ).toBeUndefined();
    const broken = defineAction({
      name: 'test:broken',
      summary: 'preview fails',
      groups: 'required',
      flags: {},
      async preview(ctx) {
        ctx.emit.warn('looked at web');
        throw new Error('no answer from http://user:pw@127.0.0.1:9');
      },
      async run() {},
    });
    const lines = await previewAction({ action: broken, groups: ['web'], flags: {}, config: world.config, options: world.options });
    expect(lines).toEqual([
      { text: 'warning: looked at web', tone: 'warn' },
      { text: 'could not tell what would change: no answer from http://user:***@127.0.0.1:9', tone: 'warn' },
    ]);
  });
});
