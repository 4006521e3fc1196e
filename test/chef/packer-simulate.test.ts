// The sandbox's simulated packer:run checks the chef inputs a real build would get, tags the AMI hangar:chef, and fails on a missing recipe.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chefRepoHash, findChefRepo } from '../../src/chef/index.js';
import { loadConfig } from '../../src/config/index.js';
import { checkChefInputs } from '../../src/sandbox/backends/packer-chef.js';
import { readSandboxState } from '../../src/sandbox/index.js';
import { hangar, tempProject } from '../helpers/project.js';

const ENV = { HANGAR_SANDBOX_SPEED: '100', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe('simulated packer:run and the chef repo', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject();
  });
  afterAll(() => project?.cleanup());

  it('reports the uploads and chef-solo inputs, and tags the AMI with the repo hash', async () => {
    const built = await hangar(project.dir, ['packer:run', '12_04-bee', '--sandbox'], ENV);
    expect(built.exitCode, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/simulated: would upload cookbooks\/ \(\d+ files\) to \/tmp\/hangar-chef\/cookbooks/);
    expect(built.stdout).toContain('simulated: would upload data_bags/ (1 file) to /tmp/hangar-chef/data_bags');
    expect(built.stdout).toContain(
      'simulated: chef-solo: cookbook_paths ["cookbooks"], roles_path roles, data_bags_path data_bags; run list ["role[role-12_04-bee]"] -> 7 recipes',
    );
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const state = readSandboxState(join(project.dir, '.hangar', 'sandbox.json'))!;
    const image = state.images.find((i) => i.tags.group === '12_04-bee')!;
    expect(image.tags['hangar:chef']).toBe(chefRepoHash(findChefRepo(project.dir, config.settings.paths)));
  });

  it('fails like a real build would when a run-list recipe has no cookbook file', async () => {
    rmSync(join(project.dir, 'cookbooks', 'seatgeek-service', 'recipes', 'api-workers.rb'));
    const built = await hangar(project.dir, ['packer:run', '12_04-bee', '--sandbox'], ENV);
    expect(built.exitCode).toBe(1);
    expect(built.stderr).toContain(
      'sandbox: a real build of 12_04-bee would fail: chef-solo: recipe seatgeek-service::api-workers is in none of the cookbook paths ["cookbooks"]',
    );
  });

  it('names a missing cookbook folder and a missing role', () => {
    rmSync(join(project.dir, 'roles', 'role-12_04-bee.json'));
    rmSync(join(project.dir, 'data_bags'), { recursive: true });
    const inputs = checkChefInputs(join(project.dir, 'packer', '12_04-bee.json'), project.dir);
    expect(inputs.problems).toEqual([
      'file provisioner: data_bags/ does not exist',
      'chef-solo data_bags_path: data_bags does not exist',
      'chef-solo: role role-12_04-bee not found in the roles_path',
    ]);
  });
});
