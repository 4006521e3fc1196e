// One group never blocks another: $Latest after the highest launch template version is deleted (as AWS documents it), packer:clean and autoscale:run per group.
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateVersionsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/net.js';
import { writeSmallFleet } from '../helpers/small-fleet.js';
import { addSandboxFault, clearSandboxFaults } from '../../src/sandbox/index.js';
import { withState } from '../../src/sandbox/state/store.js';
import { type World, afterSecondOf, asgsOf, registerAmi, startAction, runAction, startWorld } from '../autoscale/world.js';

describe('launch template versions in the sandbox', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => world?.close());

  it('deleting the highest version: LatestVersionNumber and $Latest become the highest remaining; the default cannot be deleted', async () => {
    const { ec2 } = world;
    await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'lt-pin', LaunchTemplateData: { ImageId: 'ami-00000001' } }));
    for (const image of ['ami-00000002', 'ami-00000003']) {
      await ec2.send(new CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'lt-pin', LaunchTemplateData: { ImageId: image } }));
    }
    const deleted = await ec2.send(new DeleteLaunchTemplateVersionsCommand({ LaunchTemplateName: 'lt-pin', Versions: ['3', '1'] }));
    expect(deleted.SuccessfullyDeletedLaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([3]);
    expect(deleted.UnsuccessfullyDeletedLaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([1]);
    const [template] = (await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['lt-pin'] }))).LaunchTemplates ?? [];
    expect(template).toMatchObject({ DefaultVersionNumber: 1, LatestVersionNumber: 2 });
    const latest = await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'lt-pin', Versions: ['$Latest'] }));
    expect(latest.LaunchTemplateVersions?.map((v) => [v.VersionNumber, v.LaunchTemplateData?.ImageId])).toEqual([[2, 'ami-00000002']]);
  });
});

describe('a cancelled update, then packer:clean on every group', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
    // Two groups that autoscale, each with three AMIs.
    const { join } = await import('node:path');
    const { loadConfig } = await import('../../src/config/index.js');
    writeSmallFleet(world.dir, { web: 0, api: 0 });
    world.config = loadConfig(join(world.dir, 'nodes.json'));
    for (const group of ['web', 'api']) for (let i = 0; i < 3; i++) await registerAmi(world, group);
    for (const group of ['web', 'api']) expect((await runAction(world, 'autoscale:run', [group], { wait: true })).state).toBe('succeeded');
  });
  afterAll(async () => world?.close());

  it('the update is cancelled and rolled back; then packer:clean works for every group', async () => {
    const [old] = await asgsOf(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const started = startAction(world, 'autoscale:update', ['web']);
    started.job.subscribe((event) => {
      if (event.type === 'step' && event.name.startsWith('wait until')) started.job.cancel('cancelled by test');
    });
    const cancelled = await started.done;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.text).toContain('rolled back');
    await waitUntil(async () => (await asgsOf(world, 'web')).length === 1, 10_000, 'the new ASG to be gone');

    const clean = await runAction(world, 'packer:clean', ['web', 'api'], { keep: 0 });
    expect(clean.state, clean.text).toBe('succeeded');
    expect(clean.text).not.toContain('VersionNotFound');
    const result = clean.events.find((e) => e.type === 'result');
    const groups = (result as { data: { groups: Record<string, { inUse: unknown[]; removed: string[] }> } }).data.groups;
    // Each group keeps the AMI its ASG runs (in use), and deregisters the other two.
    for (const group of ['web', 'api']) {
      expect(groups[group]!.inUse).toHaveLength(1);
      expect(groups[group]!.removed).toHaveLength(2);
    }
  });

  it('a template whose $Latest cannot be resolved is read version by version; it fails nothing', async () => {
    await withState(world.sandbox.stateFile, (state) => {
      const template = state.launchTemplates.find((t) => t.name === 'hangar-api')!;
      template.latestVersion = 99;
    });
    for (const group of ['web', 'api']) await registerAmi(world, group);
    const clean = await runAction(world, 'packer:clean', ['web', 'api'], { keep: 0 });
    expect(clean.state, clean.text).toBe('succeeded');
  });

  it('a template that cannot be read at all fails its own group only; the other group is cleaned', async () => {
    for (const group of ['web', 'api']) await registerAmi(world, group);
    // web is cleaned first: its pass reads both templates twice (named versions, then every version): four failures.
    await addSandboxFault(world.sandbox.stateFile, {
      kind: 'error',
      action: 'DescribeLaunchTemplateVersions',
      code: 'InvalidLaunchTemplateId.VersionNotFound',
      message: 'Could not find launch template version $Latest',
      status: 400,
      count: 4,
    });
    try {
      const clean = await runAction(world, 'packer:clean', ['web', 'api'], { keep: 0 });
      expect(clean.state).toBe('failed');
      expect(clean.text).toMatch(/packer:clean failed for web \(the other groups were cleaned\)/);
      expect(clean.text).toMatch(/cannot tell which AMIs of web are in use: launch template hangar-web: .*; nothing of web was deregistered/);
      const result = clean.events.find((e) => e.type === 'result') as { data: { groups: Record<string, { removed?: string[]; error?: string }> } };
      expect(result.data.groups.web!.error).toBeDefined();
      expect(result.data.groups.api!.removed).toHaveLength(1);
    } finally {
      await clearSandboxFaults(world.sandbox.stateFile);
    }
  });

  it('autoscale:run on several groups: one that fails is reported against it, the next still runs', async () => {
    const { join } = await import('node:path');
    const { loadConfig } = await import('../../src/config/index.js');
    writeSmallFleet(world.dir, { web: 0, api: 0, db: 0 });
    world.config = loadConfig(join(world.dir, 'nodes.json'));
    await registerAmi(world, 'db');
    // web already has an ASG: it fails; db comes after it and is created anyway.
    const ran = await runAction(world, 'autoscale:run', ['web', 'db']);
    expect(ran.state).toBe('failed');
    expect(ran.text).toMatch(/warn: failed: web already has an ASG/);
    expect(ran.text).toMatch(/error: web failed \(the other groups are done\): web already has an ASG/);
    expect(ran.text).toMatch(/db: ASG db-\d{14} created/);
    expect(await asgsOf(world, 'db')).toHaveLength(1);
  });
});
