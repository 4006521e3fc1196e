// The ssh command object and the ssh options: argv asserted without spawning anything.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/index.js';
import { buildSshCommand } from '../../src/deploy/command.js';
import { describeCommand } from '../../src/process/command.js';
import { resolveSshOptions } from '../../src/deploy/ssh-options.js';
import { HangarError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'hangar-ssh-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function settingsFrom(ssh: Record<string, unknown>) {
  const text = JSON.stringify({ __settings__: { ssh }, __base__: { region: 'us-east-1', packer: false }, web: {} });
  return loadConfigText(join(dir, 'nodes.json'), text).settings;
}

/** The value of `-o Name=value`, or undefined. */
function optionOf(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length - 1; i++) if (args[i] === '-o' && args[i + 1]!.startsWith(`${name}=`)) return args[i + 1]!.slice(name.length + 1);
  return undefined;
}

describe('buildSshCommand', () => {
  it('runs the system ssh with batch mode, accept-new, a connect timeout, and the remote command as one last argument', () => {
    const cmd = buildSshCommand({ address: '10.0.1.7', user: 'ubuntu' }, { connectTimeout: 7 }, 'sudo chef-solo -j /etc/chef/dna.json');
    expect(cmd.file).toBe('ssh');
    expect(optionOf(cmd.args, 'BatchMode')).toBe('yes');
    expect(optionOf(cmd.args, 'StrictHostKeyChecking')).toBe('accept-new');
    expect(optionOf(cmd.args, 'ConnectTimeout')).toBe('7');
    expect(cmd.args.slice(-3)).toEqual(['--', '10.0.1.7', 'sudo chef-solo -j /etc/chef/dna.json']);
    expect(cmd.args[cmd.args.indexOf('-l') + 1]).toBe('ubuntu');
    // Nothing set means ssh's own defaults (and ~/.ssh/config) decide.
    expect(cmd.args).not.toContain('-p');
    expect(cmd.args).not.toContain('-i');
    expect(optionOf(cmd.args, 'ProxyJump')).toBeUndefined();
    expect(optionOf(cmd.args, 'UserKnownHostsFile')).toBeUndefined();
  });

  it('adds key (only that identity), port, known_hosts and bastion when given', () => {
    const cmd = buildSshCommand(
      { address: '127.0.0.1' },
      { connectTimeout: 3, key: '/k/id', port: 2222, knownHosts: '/k/known', bastion: 'ops@jump.example.com' },
      'true',
    );
    expect(cmd.args[cmd.args.indexOf('-i') + 1]).toBe('/k/id');
    expect(optionOf(cmd.args, 'IdentitiesOnly')).toBe('yes');
    expect(cmd.args[cmd.args.indexOf('-p') + 1]).toBe('2222');
    expect(optionOf(cmd.args, 'UserKnownHostsFile')).toBe('/k/known');
    expect(optionOf(cmd.args, 'ProxyJump')).toBe('ops@jump.example.com');
    expect(cmd.args).not.toContain('-l');
    // Every option comes before `--`.
    expect(cmd.args.indexOf('--')).toBe(cmd.args.length - 3);
  });

  it('never lets an address be read as an option', () => {
    const cmd = buildSshCommand({ address: '-oProxyCommand=evil' }, { connectTimeout: 1 }, 'true');
    expect(cmd.args.indexOf('-oProxyCommand=evil')).toBe(cmd.args.indexOf('--') + 1);
  });

  it('describes the command with shell quoting for people', () => {
    const cmd = buildSshCommand({ address: '10.0.0.1', user: 'ubuntu' }, { connectTimeout: 5 }, "echo 'hi' there");
    expect(describeCommand(cmd)).toContain(`-- 10.0.0.1 'echo '\\''hi'\\'' there'`);
  });
});

describe('resolveSshOptions', () => {
  const key = join(dir, 'id_test');
  writeFileSync(key, 'not a real key');

  it('takes key, port, known_hosts, bastion and connect_timeout from __settings__.ssh, paths relative to nodes.json', () => {
    const settings = settingsFrom({ key: 'id_test', port: 2200, known_hosts: 'known', bastion: 'jump', connect_timeout: 4 });
    expect(resolveSshOptions(settings, dir, {})).toEqual({
      key,
      port: 2200,
      connectTimeout: 4,
      knownHosts: join(dir, 'known'),
      bastion: 'jump',
      controlPersist: 60,
      connectAhead: true,
    });
  });

  it('lets --key (relative to the current folder) and --port win', () => {
    const settings = settingsFrom({ key: 'missing-key', port: 2200 });
    const options = resolveSshOptions(settings, '/nowhere', { key: 'id_test', port: 22 }, dir);
    expect(options.key).toBe(key);
    expect(options.port).toBe(22);
    expect(options.connectTimeout).toBe(10);
  });

  it('expands ~ and refuses an unreadable key before any host runs', () => {
    const settings = settingsFrom({ key: '~/definitely-not-a-key-hangar' });
    try {
      resolveSshOptions(settings, dir, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HangarError);
      expect((error as HangarError).code).toBe('deploy.key');
      expect((error as HangarError).exitCode).toBe(2);
      expect((error as HangarError).message).toContain(join(homedir(), 'definitely-not-a-key-hangar'));
    }
  });

  it('rejects a port out of range', () => {
    expect(() => resolveSshOptions(settingsFrom({}), dir, { port: 70000 })).toThrow(/port/);
  });
});
