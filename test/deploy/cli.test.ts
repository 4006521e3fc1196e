// End to end: `hangar instance:deploy` as a child process, against `hangar sandbox:serve` instances at 127.0.0.1 and a real sshd.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort, waitForPort, waitUntil } from '../helpers/net.js';
import { CLI, hangar, tempProject } from '../helpers/project.js';
import { type Sshd, maxOverlap, processesWith, readRuns, startSshd } from './helpers/sshd.js';

const enabled = haveBinaries('/usr/sbin/sshd', 'ssh', 'ssh-keygen');
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

describe.skipIf(!enabled)('hangar instance:deploy (CLI, sandbox endpoint, real sshd)', () => {
  let sshd: Sshd;
  let project: { dir: string; cleanup: () => void };
  let sandbox: ChildProcess;
  let url: string;
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('build first: npx tsup');
    sshd = await startSshd(0.5);
    project = tempProject();
    const nodes = {
      __settings__: {
        ssh: { key: sshd.clientKey, port: sshd.port, known_hosts: join(sshd.dir, 'known_hosts'), connect_timeout: 5 },
        // The example's chef repo (copied by tempProject) ships into the test's folder, never /var/chef.
        chef: { repo_path: join(sshd.dir, 'var-chef'), config_path: join(sshd.dir, 'etc-chef') },
      },
      __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 'm1.small', ssh_username: 'root', packer: false },
      web: { description: 'web nodes' },
      db: { description: 'db nodes' },
      idle: { description: 'a group with no instances' },
    };
    writeFileSync(join(project.dir, 'nodes.json'), `${JSON.stringify(nodes, null, 2)}\n`);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    sandbox = spawn(process.execPath, [CLI, 'sandbox:serve', '--port', String(port)], {
      cwd: project.dir,
      env: { ...process.env, HANGAR_SANDBOX_ADDRESS: '127.0.0.1', HANGAR_SANDBOX_SPEED: '100', NO_COLOR: '1' },
      stdio: 'ignore',
    });
    await waitForPort(port);
    const { EC2Client, RunInstancesCommand, DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
    for (const [group, count] of [
      ['web', 3],
      ['db', 1],
    ] as const) {
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-1ebb2077',
          MinCount: count,
          MaxCount: count,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: group }] }],
        }),
      );
      ids[group] = (out.Instances ?? []).map((i) => i.InstanceId!);
    }
    await waitUntil(
      async () => {
        const page = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
        return (page.Reservations ?? []).flatMap((r) => r.Instances ?? []).length === 4;
      },
      20_000,
      'four running sandbox instances',
    );
  });

  afterAll(async () => {
    sandbox?.kill('SIGTERM');
    await sshd?.stop();
    project?.cleanup();
  });

  const deploy = (args: string[]) =>
    hangar(project.dir, ['instance:deploy', ...args, '--endpoint', url, '--command', `${sshd.chefSolo} -j /etc/chef/dna.json`], AWS_ENV);

  it('provisions every running instance of the group over ssh, N at a time, and prints the table', async () => {
    const before = readRuns(sshd.runsLog).length;
    const result = await deploy(['web', '-n', '2']);
    expect(result.stderr).not.toContain('error');
    expect(result.exitCode).toBe(0);
    for (const id of ids.web!) {
      expect(result.stdout).toContain(`[web ${id}] Chef Infra Client finished (fake)`);
      expect(result.stdout).toMatch(new RegExp(`^127\\.0\\.0\\.1\\s+web\\s+${id}\\s+ok\\s+0\\s+\\d+\\.\\ds`, 'm'));
    }
    expect(result.stdout).toContain('3/3 ok');
    // The three share one disk here: the first to take the node's sync lock ships the repo, the others find it current.
    expect(result.stdout).toMatch(/^HOST\s+GROUP\s+INSTANCE\s+STATUS\s+EXIT\s+DURATION\s+REPO\s+NOTE$/m);
    expect(result.stdout.match(/\s+ok\s+0\s+\S+\s+updated/g)).toHaveLength(1);
    expect(result.stdout.match(/\s+ok\s+0\s+\S+\s+current/g)).toHaveLength(2);
    expect(existsSync(join(sshd.dir, 'var-chef', 'current', 'cookbooks', 'seatgeek', 'recipes', 'base.rb'))).toBe(true);
    expect(JSON.parse(readFileSync(join(sshd.dir, 'etc-chef', 'dna.json'), 'utf8')).id).toBe('web');
    // The db instance was not touched.
    expect(result.stdout).not.toContain(ids.db![0]!);
    const runs = readRuns(sshd.runsLog).slice(before);
    expect(runs).toHaveLength(3);
    expect(maxOverlap(runs)).toBe(2);
  });

  it('exits 1 with the failing host in the table and the error', async () => {
    const next = readRuns(sshd.runsLog).length + 2;
    sshd.failRun(next, 5);
    const result = await deploy(['web', '-n', '1']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^127\.0\.0\.1\s+web\s+i-\S+\s+failed\s+5\s/m);
    expect(result.stdout).toContain('2/3 ok, 1 failed');
    expect(result.stderr).toMatch(/error: 1 of 3 hosts failed: i-\S+/);
  });

  it('asks before deploying every group: headless without --yes it refuses, with --yes it runs them all', async () => {
    const refused = await deploy([]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    const all = await deploy(['--yes', '--json']);
    expect(all.exitCode).toBe(0);
    const events = all.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const result = events.find((e) => e.type === 'result');
    expect(result.data.hosts.map((h: { instance: string }) => h.instance).sort()).toEqual([...ids.web!, ...ids.db!].sort());
  });

  it('warns and succeeds when a group has no running instance', async () => {
    const result = await deploy(['idle']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('no running instances in idle');
  });

  it('on ctrl-c kills the running ssh, starts no more hosts, and says which did not run', async () => {
    const remote = `sleep 30; ${sshd.chefSolo} sigint-test`;
    const child = hangar(project.dir, ['instance:deploy', 'web', '-n', '1', '--endpoint', url, '--command', remote], AWS_ENV);
    await waitUntil(() => processesWith(remote).length === 1, 15_000, 'the first ssh to start');
    const sent = Date.now();
    child.kill('SIGINT');
    const result = await child;
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('deploy cancelled');
    expect(result.stdout).toMatch(/0\/3 ok, 1 cancelled while running \(i-\S+\), 2 did not run \(i-\S+, i-\S+\)/);
    expect(processesWith(remote)).toEqual([]);
  });

  it('with --sandbox simulates the provision run (no ssh) on the same instances, labelled as such', async () => {
    const before = readRuns(sshd.runsLog).length;
    const result = await hangar(project.dir, ['instance:deploy', 'web', '--sandbox'], { HANGAR_SANDBOX_SPEED: '100' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('(simulated: sandbox, no ssh)');
    for (const id of ids.web!) expect(result.stdout).toContain(`[web ${id}] Chef Infra Client finished, 0/12 resources updated in 00 seconds (simulated)`);
    expect(result.stdout).toContain('3/3 ok (simulated');
    // The simulation still builds and checks what a real run would ship, and names the command.
    for (const id of ids.web!) expect(result.stdout).toMatch(new RegExp(`\\[web ${id}\\] simulated: received the chef repo [0-9a-f]{12} \\(\\d+ files`));
    expect(result.stdout).toContain(`simulated: would run sudo chef-solo -c ${join(sshd.dir, 'etc-chef')}/solo.rb -j`);
    expect(readRuns(sshd.runsLog).length).toBe(before);
  });

  it('with --no-sync runs the provision command alone: no repo column, nothing shipped', async () => {
    const before = readRuns(sshd.runsLog).length;
    const result = await deploy(['db', '--no-sync']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('--no-sync');
    expect(result.stdout).not.toMatch(/REPO/);
    expect(result.stdout).not.toContain('shipping the chef repo');
    expect(readRuns(sshd.runsLog).length).toBe(before + 1);
  });

  it('shows the ssh command per host with --dry-run and runs nothing', async () => {
    const before = readRuns(sshd.runsLog).length;
    const result = await deploy(['db', '--dry-run', '--port', '2022']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`[db ${ids.db![0]}] ssh -T -o BatchMode=yes`);
    expect(result.stdout).toContain('-p 2022 -l root -- 127.0.0.1');
    // One remote command: the sync script (shown as a placeholder; --debug shows it), then the provision command.
    expect(result.stdout).toContain(`sh -c '\\''<hangar sync script>'\\'' hangar-sync '\\''${join(sshd.dir, 'var-chef')}'\\''`);
    expect(result.stdout).toContain(`&& sh -c '\\''${sshd.chefSolo} -j /etc/chef/dna.json'\\''`);
    expect(readRuns(sshd.runsLog).length).toBe(before);
  });
});
