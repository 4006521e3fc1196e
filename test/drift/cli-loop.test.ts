// fleet:drift through the built CLI in the sandbox, walking the design note's loop: build, run, edit nodes.json, regenerate, rebuild, roll.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/drift/types.js';
import { hangar, tempProject } from '../helpers/project.js';
import { SMALL_BASE, autoscaling } from '../helpers/small-fleet.js';

const ENV = { HANGAR_SANDBOX_SPEED: '100', AWS_EC2_METADATA_DISABLED: 'true' };

/** One autoscaling group, `web`, built from the example project's apt cookbook. */
const NODES = {
  // The example project's apt cookbook: the image bundles a chef repo that exists.
  __base__: { ...SMALL_BASE, run_list: ['recipe[apt]'] },
  web: { autoscale: autoscaling(0, 30) },
};

/** Runs an action in the sandbox; fails the test (with its output) unless it exits as expected. */
async function run(dir: string, args: string[], exitCode = 0) {
  const result = await hangar(dir, [...args, '--sandbox'], ENV);
  expect(result.exitCode, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(exitCode);
  return result;
}

/** fleet:drift --json: the report (the result event's data). */
async function driftOf(dir: string): Promise<DriftReport> {
  const result = await run(dir, ['fleet:drift', '--json']);
  const events = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data?: unknown });
  return events.find((e) => e.type === 'result')!.data as DriftReport;
}

const fixes = (report: DriftReport) => report.groups.flatMap((g) => g.items.map((i) => [i.kind, i.fix.kind === 'action' ? i.fix.command : i.fix.hint]));

// Each step runs several CLI processes on a loaded machine: generous bounds.
describe('fleet:drift along the loop (sandbox, built CLI)', { timeout: 120_000 }, () => {
  let project: { dir: string; cleanup: () => void };
  beforeAll(() => {
    project = tempProject();
    writeFileSync(join(project.dir, 'nodes.json'), JSON.stringify(NODES, null, 2));
  });
  afterAll(() => project?.cleanup());

  it('before anything is built: the missing files, no AMI, no ASG, each with its command', async () => {
    const report = await driftOf(project.dir);
    expect(fixes(report)).toEqual([
      ['files', 'hangar roles:update web --sandbox'],
      ['files', 'hangar packer:create web --sandbox'],
      ['files', 'hangar autoscale:create web --sandbox'],
      ['image', 'hangar packer:run web --sandbox'],
      ['rollout', 'hangar autoscale:run web --sandbox'],
    ]);
    expect(report.warnings).toEqual([]);
  });

  it('built and running: clean, --check exits 0 and the table says ok', async () => {
    await run(project.dir, ['autoscale:create', 'web']);
    await run(project.dir, ['packer:create', 'web']);
    await run(project.dir, ['packer:run', 'web']);
    await run(project.dir, ['autoscale:run', 'web', '--wait']);
    const clean = await run(project.dir, ['fleet:drift', '--check']);
    expect(clean.stdout.split('\n')).toEqual([
      expect.stringMatching(/^GROUP\s+KIND\s+SUMMARY\s+FIX$/),
      expect.stringMatching(/^web\s+ok\s+matches nodes\.json$/),
      '1 group: no drift',
    ]);
  });

  it('instance_type edited: files (packer template) and image drift, and the ASG launches the old type; --check exits 1', async () => {
    const path = join(project.dir, 'nodes.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"m1.large"', '"m3.xlarge"'));
    const report = await driftOf(project.dir);
    expect(fixes(report)).toEqual([
      ['files', 'hangar packer:create web --sandbox'],
      ['image', 'hangar packer:run web --sandbox'],
      ['rollout', 'hangar autoscale:update web --sandbox'],
    ]);
    const [files, image, rollout] = report.groups[0]!.items;
    expect(files!.summary).toBe('packer template packer/web.json differs from nodes.json');
    expect(image!.evidence[0]).toMatch(/^ami-[0-9a-f]+ hangar:config [0-9a-f]{12}; nodes\.json now [0-9a-f]{12}$/);
    expect(rollout!.summary).toMatch(/launches m1\.large, not m3\.xlarge$/);
    const check = await run(project.dir, ['fleet:drift', '--check'], 1);
    expect(check.stdout).toMatch(/^web\s+image\s+newest AMI ami-\S+ was built from another config\s+hangar packer:run web --sandbox$/m);
    expect(check.stderr).toMatch(/^error: 3 drift items in web$/m);
  });

  it('regenerated and rebuilt: only the rollout is left, its ASG pinned to the older AMI', async () => {
    await run(project.dir, ['roles:update', 'web']);
    await run(project.dir, ['packer:run', 'web']);
    const report = await driftOf(project.dir);
    expect(fixes(report)).toEqual([['rollout', 'hangar autoscale:update web --sandbox']]);
    expect(report.groups[0]!.items[0]!.summary).toMatch(/^ASG web-\d{14} launches an older AMI than the newest; launches m1\.large, not m3\.xlarge$/);
  });

  it('rolled: clean again (--check exits 0)', async () => {
    await run(project.dir, ['autoscale:update', 'web', '--yes']);
    const report = await driftOf(project.dir);
    expect(report.groups).toEqual([{ group: 'web', items: [] }]);
    await run(project.dir, ['fleet:drift', '--check']);
  });
});
