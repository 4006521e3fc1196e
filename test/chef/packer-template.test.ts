// The packer template's chef steps: a golden file, `packer validate` on every example template, and the shape without a repo.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chefRepoHash, findChefRepo } from '../../src/chef/index.js';
import { loadConfig } from '../../src/config/index.js';
import { renderPacker } from '../../src/generate/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { ROOT, tempProject } from '../helpers/project.js';
import { chefProject } from './repo-fixture.js';

const golden = () => readFileSync(join(ROOT, 'test/chef/golden/packer-chef-steps.json'), 'utf8');

describe('packer template chef steps', () => {
  it('match the golden file for the example (uploads, the node-side copy, chef-solo with cookbook and data bag paths)', () => {
    const config = loadConfig(join(ROOT, 'nodes.json'));
    const template = JSON.parse(renderPacker(config, config.groups.get('12_04-bee')!).content);
    expect(`${JSON.stringify(template.provisioners, null, 2)}\n`).toBe(golden());
    const chef = template.provisioners.at(-1);
    expect(chef).toMatchObject({
      type: 'chef-solo',
      cookbook_paths: ['cookbooks'],
      data_bags_path: 'data_bags',
      roles_path: 'roles',
      run_list: ['role[role-12_04-bee]'],
    });
    const hash = chefRepoHash(findChefRepo(ROOT, config.settings.paths));
    expect(template.builders[0].tags['hangar:chef']).toBe(hash);
    expect(template.builders[0].tags['hangar:config']).toBe(config.groups.get('12_04-bee')!.hash);
    expect(template.provisioners.filter((p: { type: string }) => p.type === 'file').map((p: { source: string }) => p.source)).toEqual([
      'cookbooks/',
      'roles/',
      'data_bags/',
    ]);
  });

  it('is the same on a rerun, and a project without a chef repo keeps the old single chef-solo step', () => {
    const project = chefProject();
    try {
      const config = project.config();
      const web = config.groups.get('web')!;
      expect(renderPacker(config, web).content).toBe(renderPacker(config, web).content);
      rmSync(join(project.dir, 'cookbooks'), { recursive: true });
      rmSync(join(project.dir, 'data_bags'), { recursive: true });
      const bare = JSON.parse(renderPacker(config, web).content);
      expect(bare.provisioners).toEqual([{ type: 'chef-solo', roles_path: 'roles', run_list: ['role[role-web]'] }]);
      expect(bare.builders[0].tags['hangar:chef']).toBeUndefined();
    } finally {
      project.cleanup();
    }
  });

  it('carries a pinned Chef version or a Cinc install command from __settings__.chef', () => {
    const project = chefProject({
      chef: {
        version: '17.10.0',
        install_command: 'curl -L https://omnitruck.cinc.sh/install.sh | sudo bash -s -- -v 17',
        execute_command: 'sudo cinc-solo --no-color -c {{.ConfigPath}} -j {{.JsonPath}}',
      },
    });
    try {
      const config = project.config();
      const chef = JSON.parse(renderPacker(config, config.groups.get('web')!).content).provisioners.at(-1);
      expect(chef.version).toBe('17.10.0');
      expect(chef.install_command).toContain('omnitruck.cinc.sh');
      expect(chef.execute_command).toBe('sudo cinc-solo --no-color -c {{.ConfigPath}} -j {{.JsonPath}}');
    } finally {
      project.cleanup();
    }
  });
});

describe.runIf(haveBinaries('packer'))('packer validate (real packer) with cookbook_paths', () => {
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject();
  });
  afterAll(() => project?.cleanup());

  const validate = (file: string, cwd = project.dir) =>
    execa('packer', ['validate', file], { cwd, reject: false, all: true, env: { CHECKPOINT_DISABLE: '1' } });

  it('accepts every generated template of the example', async () => {
    const config = loadConfig(join(project.dir, 'nodes.json'));
    for (const group of config.groups.values()) {
      const file = renderPacker(config, group);
      expect(JSON.parse(file.content).provisioners.at(-1).cookbook_paths).toEqual(['cookbooks']);
      writeFileSync(join(project.dir, file.path), file.content);
      const result = await validate(file.path);
      expect(result.exitCode, result.all).toBe(0);
    }
  });

  it('accepts several cookbook folders, environments and a pinned version', async () => {
    const chef = chefProject({ paths: { cookbooks: ['cookbooks', 'site-cookbooks'] }, chef: { version: '17.10.0' } });
    try {
      chef.write('site-cookbooks/extra/recipes/default.rb', "log 'x'\n");
      chef.write('environments/production.json', '{ "name": "production" }\n');
      const config = chef.config();
      const file = renderPacker(config, config.groups.get('web')!);
      writeFileSync(join(chef.dir, 'web.json'), file.content);
      expect(JSON.parse(file.content).provisioners.at(-1)).toMatchObject({
        cookbook_paths: ['cookbooks', 'site-cookbooks'],
        environments_path: 'environments',
        version: '17.10.0',
      });
      const result = await validate('web.json', chef.dir);
      expect(result.exitCode, result.all).toBe(0);
    } finally {
      chef.cleanup();
    }
  });

  it('rejects a template whose cookbook folder is gone (the check can fail)', async () => {
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const file = renderPacker(config, config.groups.get('12_04-bee')!);
    writeFileSync(join(project.dir, file.path), file.content);
    rmSync(join(project.dir, 'cookbooks'), { recursive: true });
    const result = await validate(file.path);
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toContain('cookbooks');
  });
});
