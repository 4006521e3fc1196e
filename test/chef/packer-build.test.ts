// A real `packer build` of the generated template's chef steps over ssh (null builder -> the test sshd), with the chef-solo stand-in.
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_STAGE, chefRepoHash, findChefRepo } from '../../src/chef/index.js';
import { renderPacker } from '../../src/generate/index.js';
import { type Sshd, startSshd } from '../deploy/helpers/sshd.js';
import { haveBinaries } from '../helpers/binaries.js';
import { type ChefProject, STANDIN, chefProject } from './repo-fixture.js';

describe.runIf(haveBinaries('packer', '/usr/sbin/sshd', 'ssh-keygen'))("packer build runs the template's chef steps (real packer, real sshd)", () => {
  let sshd: Sshd;
  let root: string;
  let project: ChefProject;

  beforeAll(async () => {
    sshd = await startSshd(0);
    root = mkdtempSync(join(tmpdir(), 'hangar-packer-chef-'));
    project = chefProject({ chef: { repo_path: join(root, 'var', 'chef'), config_path: join(root, 'etc', 'chef') } });
  });
  afterAll(async () => {
    await sshd?.stop();
    project?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  /**
   * The generated template with only what a test machine needs changed: a null builder (ssh to the test sshd) instead of
   * amazon-ebs, the staging folder under the temp root, `env` instead of `sudo` (no sudo here), and chef-solo's
   * execute command pointed at the stand-in without installing Chef. The uploads, scripts and paths stay as generated.
   */
  function buildable(template: string): string {
    const stage = join(root, 'stage');
    const value = JSON.parse(template.replaceAll(IMAGE_STAGE, stage));
    value.builders = [
      { type: 'null', communicator: 'ssh', ssh_host: '127.0.0.1', ssh_port: sshd.port, ssh_username: 'root', ssh_private_key_file: sshd.clientKey },
    ];
    for (const step of value.provisioners) {
      if (step.type === 'shell' && step.execute_command) step.execute_command = step.execute_command.replace('sudo ', 'env ');
      if (step.type === 'chef-solo') {
        Object.assign(step, {
          skip_install: true,
          prevent_sudo: true,
          staging_directory: join(root, 'packer-chef-solo'),
          execute_command: `${process.execPath} ${STANDIN} -c {{.ConfigPath}} -j {{.JsonPath}}`,
        });
      }
    }
    return `${JSON.stringify(value, null, 2)}\n`;
  }

  it('uploads the repo, leaves the copy and solo.rb on the "image", and chef-solo finds every recipe', async () => {
    const config = project.config();
    const web = config.groups.get('web')!;
    writeFileSync(join(project.dir, 'build.json'), buildable(renderPacker(config, web).content));
    const result = await execa('packer', ['build', '-color=false', 'build.json'], {
      cwd: project.dir,
      reject: false,
      all: true,
      env: { CHECKPOINT_DISABLE: '1', PACKER_CACHE_DIR: join(root, 'cache') },
    });
    expect(result.exitCode, result.all).toBe(0);
    const hash = chefRepoHash(findChefRepo(project.dir, config.settings.paths))!;
    // packer's own chef-solo run (its staging copy) found the role, recipes and data bag item.
    expect(result.all).toContain('Chef Infra Client finished (stand-in), 2 recipes');
    // The copy the node keeps, switched in by the install script, and solo.rb pointing at it.
    const repo = join(root, 'var', 'chef');
    expect(readlinkSync(join(repo, 'current'))).toBe(`releases/image-${hash}`);
    expect(readFileSync(join(repo, 'current', '.hangar-chef'), 'utf8').trim()).toBe(hash);
    for (const file of ['cookbooks/app/recipes/web.rb', 'data_bags/codebases/api.json', 'roles/role-web.json']) {
      expect(readFileSync(join(repo, 'current', file), 'utf8')).toBe(readFileSync(join(project.dir, file), 'utf8'));
    }
    expect(readFileSync(join(root, 'etc', 'chef', 'solo.rb'), 'utf8')).toBe(
      `# chef-solo settings written by hangar: the chef repo copy at ${repo}/current.\n` +
        `cookbook_path ["${repo}/current/cookbooks"]\nrole_path "${repo}/current/roles"\ndata_bag_path "${repo}/current/data_bags"\n`,
    );
    expect(existsSync(join(root, 'stage'))).toBe(false);
    // The node-side copy works for the stand-in too (what boot and deploy rely on).
    writeFileSync(join(root, 'etc', 'chef', 'dna.json'), '{"run_list": ["role[role-web]"]}\n');
    const boot = await execa(process.execPath, [STANDIN, '-c', join(root, 'etc', 'chef', 'solo.rb'), '-j', join(root, 'etc', 'chef', 'dna.json')], {
      reject: false,
      all: true,
    });
    expect(boot.exitCode, boot.all).toBe(0);
  }, 120_000);
});
