// The boot path: the image's chef steps (replayed from the generated template) then the user data, in a temp root, with the chef-solo stand-in.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../src/actions/types.js';
import { renderUserData } from '../../src/rollout/prepare.js';
import { chefRepoHash, findChefRepo } from '../../src/chef/index.js';
import { renderPacker } from '../../src/generate/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { type ChefProject, chefProject, standinCommand } from './repo-fixture.js';
import { replayImageSteps } from './image-steps.js';

describe.runIf(haveBinaries('bash', 'sh', 'cp', 'mv'))('boot: user data provisions against the repo copy the image holds', () => {
  let root: string;
  let project: ChefProject;
  let repoPath: string;
  let configPath: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'hangar-boot-'));
    repoPath = join(root, 'var', 'chef');
    configPath = join(root, 'etc', 'chef');
    project = chefProject({ chef: { repo_path: repoPath, config_path: configPath }, provision_command: standinCommand(configPath) });
  });
  afterAll(() => {
    project?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  const bootScript = () => {
    const config = project.config();
    const script = renderUserData({ config } as ActionContext, config.groups.get('web')!);
    writeFileSync(join(root, 'user-data.sh'), script);
    return execa('bash', [join(root, 'user-data.sh')], { reject: false, all: true });
  };

  it('the image steps install the repo at repo_path/current with its hash and a solo.rb in config_path', async () => {
    const config = project.config();
    const template = renderPacker(config, config.groups.get('web')!).content;
    await replayImageSteps(template, project.dir, join(root, 'stage'));
    const hash = chefRepoHash(findChefRepo(project.dir, config.settings.paths));
    expect(readFileSync(join(repoPath, 'current', '.hangar-chef'), 'utf8').trim()).toBe(hash);
    expect(JSON.parse(template).builders[0].tags['hangar:chef']).toBe(hash);
    expect(readFileSync(join(repoPath, 'current', 'cookbooks', 'app', 'recipes', 'web.rb'), 'utf8')).toBe(
      readFileSync(join(project.dir, 'cookbooks/app/recipes/web.rb'), 'utf8'),
    );
    expect(readFileSync(join(configPath, 'solo.rb'), 'utf8')).toContain(`cookbook_path ["${repoPath}/current/cookbooks"]`);
    // The staging folder is gone, as on a real image.
    expect(existsSync(join(root, 'stage'))).toBe(false);
  });

  it('the user data writes the dna and runs the provision command against that copy', async () => {
    const result = await bootScript();
    expect(result.exitCode, result.all).toBe(0);
    const hash = readFileSync(join(repoPath, 'current', '.hangar-chef'), 'utf8').trim();
    expect(result.all).toContain(`hangar: provisioning against the chef repo ${hash} at ${repoPath}/current`);
    expect(JSON.parse(readFileSync(join(configPath, 'dna.json'), 'utf8')).run_list).toEqual(['role[role-web]']);
    const [run] = JSON.parse(readFileSync(join(configPath, 'chef-solo-runs.json'), 'utf8'));
    expect(run.recipes).toEqual(['base::default', 'app::web']);
    expect(run.data_bag_items).toEqual(['codebases/api']);
    expect(run.repo_hash).toBe(hash);
    expect(run.cookbook_paths).toEqual([`${repoPath}/current/cookbooks`]);
  });

  it('fails the boot when the image copy lacks a recipe of the run list (the stand-in enforces the contract)', async () => {
    rmSync(join(repoPath, 'current', 'cookbooks', 'app', 'recipes', 'web.rb'));
    const result = await bootScript();
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('RecipeNotFound: could not find recipe web for cookbook app');
  });
});
