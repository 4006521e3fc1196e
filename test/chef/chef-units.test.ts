// The chef repo's pure parts: discovery, hash, tar (read back by the system tar), quoting, solo.rb, run-list warnings.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/config/index.js';
import {
  buildBundle,
  chefRepoHash,
  findChefRepo,
  listRepoEntries,
  nodeName,
  packTar,
  quoteShell,
  renderSoloRb,
  runListWarnings,
} from '../../src/chef/index.js';
import { attachSync } from '../../src/deploy/sync-plan.js';
import { buildRemoteCommand } from '../../src/deploy/sync-script.js';
import { settingsSchema } from '../../src/config/schema.js';
import { haveBinaries } from '../helpers/binaries.js';
import { chefProject } from './repo-fixture.js';

const PATHS = { roles: 'roles', cookbooks: ['cookbooks'], data_bags: 'data_bags', environments: 'environments' };
const NODE = { repo_path: '/var/chef', config_path: '/etc/chef' };
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-chef-unit-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('chef repo discovery and hash', () => {
  it('finds nothing without cookbook, data bag or environment folders (roles alone are not a chef repo)', () => {
    const dir = folder({ 'roles/role-a.json': '{}' });
    expect(findChefRepo(dir, PATHS).folders).toEqual([]);
    expect(chefRepoHash(findChefRepo(dir, PATHS))).toBeUndefined();
  });

  it('lists several cookbook folders first, then roles, data bags and environments, with safe node names', () => {
    const dir = folder({
      'site-cookbooks/a/recipes/default.rb': '',
      'chef/cookbooks/b/recipes/x.rb': '',
      'roles/r.json': '{}',
      'environments/prod.json': '{}',
    });
    const repo = findChefRepo(dir, { ...PATHS, cookbooks: ['chef/cookbooks', 'site-cookbooks', 'missing'] });
    expect(repo.folders.map((f) => [f.kind, f.local, f.node])).toEqual([
      ['cookbooks', 'chef/cookbooks', 'chef_cookbooks'],
      ['cookbooks', 'site-cookbooks', 'site-cookbooks'],
      ['roles', 'roles', 'roles'],
      ['environments', 'environments', 'environments'],
    ]);
    expect(nodeName('a b/c')).toBe('a_b_c');
    expect(renderSoloRb(repo, NODE)).toBe(
      '# chef-solo settings written by hangar: the chef repo copy at /var/chef/current.\n' +
        'cookbook_path ["/var/chef/current/chef_cookbooks", "/var/chef/current/site-cookbooks"]\n' +
        'role_path "/var/chef/current/roles"\n' +
        'environment_path "/var/chef/current/environments"\n',
    );
  });

  it('hashes paths, modes and bytes of cookbooks and data bags: not times, not dot-files, not roles', () => {
    const dir = folder({ 'cookbooks/a/recipes/default.rb': 'log 1', 'data_bags/b/i.json': '{}', 'roles/r.json': '{}' });
    const repo = findChefRepo(dir, PATHS);
    const first = chefRepoHash(repo);
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    utimesSync(join(dir, 'cookbooks/a/recipes/default.rb'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    writeFileSync(join(dir, 'cookbooks/.git'), 'ignored');
    writeFileSync(join(dir, 'roles/r.json'), '{"changed": true}');
    expect(chefRepoHash(repo)).toBe(first);
    writeFileSync(join(dir, 'data_bags/b/i.json'), '{"x":1}');
    expect(chefRepoHash(repo)).not.toBe(first);
  });
});

describe.runIf(haveBinaries('tar'))('tar', () => {
  it('packs what GNU tar extracts byte for byte: long paths (pax), empty files, executables', async () => {
    const long = `cookbooks/${'d'.repeat(90)}/${'e'.repeat(80)}/recipes/${'f'.repeat(60)}.rb`;
    const longer = `cookbooks/${'g'.repeat(120)}/${'h'.repeat(120)}/${'i'.repeat(99)}.rb`;
    const dir = folder({
      [long]: 'long\n',
      [longer]: 'longer\n',
      'cookbooks/a/recipes/empty.rb': '',
      'cookbooks/a/files/run.sh': '#!/bin/sh\n',
      'cookbooks/a/files/blob.bin': 'x'.repeat(1025),
    });
    const { chmodSync } = await import('node:fs');
    chmodSync(join(dir, 'cookbooks/a/files/run.sh'), 0o755);
    const entries = listRepoEntries(findChefRepo(dir, PATHS));
    const out = folder({});
    const result = await execa('tar', ['-x', '-f', '-', '-C', out], { input: packTar(entries), reject: false, all: true });
    expect(result.exitCode, result.all).toBe(0);
    expect(entries.filter((e) => e.type === 'file')).toHaveLength(5);
    for (const entry of entries.filter((e) => e.type === 'file')) expect(readFileSync(join(out, entry.path))).toEqual(entry.data);
    expect(readFileSync(join(out, longer), 'utf8')).toBe('longer\n');
    const { statSync } = await import('node:fs');
    expect(statSync(join(out, 'cookbooks/a/files/run.sh')).mode & 0o111).not.toBe(0);
  });

  it('a cut archive is an error for tar (what keeps a half transfer out)', async () => {
    const dir = folder({ 'cookbooks/a/recipes/default.rb': 'x'.repeat(5000) });
    const tar = packTar(listRepoEntries(findChefRepo(dir, PATHS)));
    const result = await execa('tar', ['-x', '-f', '-', '-C', folder({})], { input: tar.subarray(0, 2048), reject: false });
    expect(result.exitCode).not.toBe(0);
  });
});

describe('remote command', () => {
  it('quotes any value so the shell reads back the same bytes', async () => {
    for (const value of ["it's", '$(rm -rf /)', 'a "b" `c` \\ d', 'line\nbreak', '']) {
      const result = await execa('sh', ['-c', `printf '%s' ${quoteShell(value)}`]);
      expect(result.stdout).toBe(value);
    }
  });

  it('is the provision command alone without sync, and sync-then-provision with it', () => {
    expect(buildRemoteCommand('sudo chef-solo -j /etc/chef/dna.json', undefined)).toBe('sudo chef-solo -j /etc/chef/dna.json');
    const remote = buildRemoteCommand('chef-solo; echo done', { repoPath: '/var/chef', configPath: '/etc/chef', bundleHash: 'abc', sudo: true });
    expect(remote.startsWith("sudo -n sh -c 'set -eu\n")).toBe(true);
    expect(remote.endsWith(" hangar-sync '/var/chef' '/etc/chef' 'abc' && sh -c 'chef-solo; echo done'")).toBe(true);
  });

  it('a project without a chef repo folder ships nothing', () => {
    const dir = folder({ 'nodes.json': JSON.stringify({ web: { region: 'us-east-1', packer: false } }) });
    const config = { dir, settings: settingsSchema.parse({}), groups: new Map() } as never;
    const { targets, summary } = attachSync(config, [{ instanceId: 'i-1', group: 'web', address: '127.0.0.1' }]);
    expect(summary).toBeUndefined();
    expect(targets[0]!.sync).toBeUndefined();
  });

  it('syncs with sudo -n unless the login user is root or __settings__.chef.sudo is false', () => {
    const project = chefProject();
    try {
      const config = project.config();
      const hosts = ['root', 'ubuntu', undefined].map((user, i) => ({ instanceId: `i-${i}`, group: 'web', address: '127.0.0.1', user }));
      expect(attachSync(config, hosts).targets.map((t) => t.sync?.sudo)).toEqual([false, true, true]);
      const noSudo = { ...config, settings: { ...config.settings, chef: { ...config.settings.chef, sudo: false } } };
      expect(attachSync(noSudo, hosts).targets.map((t) => t.sync?.sudo)).toEqual([false, false, false]);
      // One bundle for one dna: the repo is packed once for every host of a group.
      const [a, b] = attachSync(config, hosts).targets;
      expect(a!.sync!.bundle).toBe(b!.sync!.bundle);
    } finally {
      project.cleanup();
    }
  });

  it('bundles share one repo hash; the bundle hash follows the dna; markers come last', () => {
    const project = chefProject();
    try {
      const repo = findChefRepo(project.dir, PATHS);
      const a = buildBundle(repo, NODE, '{"id":"a"}\n');
      const b = buildBundle(repo, NODE, '{"id":"b"}\n');
      expect(a.repoHash).toBe(chefRepoHash(repo));
      expect(b.repoHash).toBe(a.repoHash);
      expect(b.bundleHash).not.toBe(a.bundleHash);
      expect(a.tar.subarray(0, a.tar.length - 1024).includes('.hangar-bundle')).toBe(true);
      expect(a.tar.lastIndexOf('.hangar-bundle')).toBeGreaterThan(a.tar.lastIndexOf('.hangar/solo.rb'));
    } finally {
      project.cleanup();
    }
  });
});

describe('run-list warnings', () => {
  it('names the group and each recipe no cookbook folder has; nothing without a chef repo', () => {
    const dir = folder({ 'cookbooks/app/recipes/default.rb': '', 'cookbooks/app/recipes/web.rb': '' });
    const repo = findChefRepo(dir, PATHS);
    expect(runListWarnings(repo, 'web', ['recipe[app]', 'recipe[app::web]', 'app::web', 'role[x]', 'recipe[app::gone]', 'recipe[other::x@1.0]'])).toEqual([
      'run list of web: recipe[app::gone] has no app/recipes/gone.rb in any of: cookbooks (chef-solo would fail on the node)',
      'run list of web: recipe[other::x@1.0] has no other/recipes/x.rb in any of: cookbooks (chef-solo would fail on the node)',
    ]);
    expect(runListWarnings(findChefRepo(folder({}), PATHS), 'web', ['recipe[gone]'])).toEqual([]);
  });
});

describe('chef settings', () => {
  it('default the node paths and derive the provision command from config_path', () => {
    const defaults = settingsSchema.parse({});
    expect(defaults.chef).toMatchObject({ repo_path: '/var/chef', config_path: '/etc/chef', sudo: true });
    expect(defaults.paths).toMatchObject({ cookbooks: ['cookbooks'], data_bags: 'data_bags', environments: 'environments' });
    expect(defaults.provision_command).toBe('sudo chef-solo -j /etc/chef/dna.json');
    expect(settingsSchema.parse({ chef: { config_path: '/opt/chef' } }).provision_command).toBe('sudo chef-solo -c /opt/chef/solo.rb -j /opt/chef/dna.json');
    expect(settingsSchema.parse({ chef: { config_path: '/opt/chef' }, provision_command: 'cinc-solo' }).provision_command).toBe('cinc-solo');
  });

  it('refuse node paths that are relative or need quoting, and repo folders outside the project', () => {
    for (const chef of [{ repo_path: 'var/chef' }, { repo_path: '/var/my chef' }, { config_path: '/etc/$(x)' }]) {
      expect(settingsSchema.safeParse({ chef }).success, JSON.stringify(chef)).toBe(false);
    }
    // Repo folders are confined with every other path setting (src/config/paths.ts).
    for (const paths of [{ cookbooks: '../shared' }, { cookbooks: ['ok', '/abs'] }, { data_bags: 'a/../../b' }]) {
      const settings = settingsSchema.parse({ paths });
      expect(checkPaths(settings.paths).length, JSON.stringify(paths)).toBeGreaterThan(0);
    }
    expect(settingsSchema.safeParse({ paths: { cookbooks: ['cookbooks', 'site-cookbooks'] } }).success).toBe(true);
  });
});
