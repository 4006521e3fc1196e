// instance:deploy speed: 40 sandbox hosts at 127.0.0.1, a provision command that sleeps 1 s, -n 10, through a real sshd.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, CLI, freePort, now, runCliJson, SANDBOX_AWS_ENV, table, waitFor } from './lib.mjs';

const HOSTS = 40;
const CONCURRENCY = 10;
const SLEEP_S = 1;
const IDEAL_MS = Math.ceil(HOSTS / CONCURRENCY) * SLEEP_S * 1000;

/** sshd on a free loopback port with a temp host key and authorized key (the recipe of test/deploy/helpers/sshd.ts). */
async function startSshd(dir) {
  const port = await freePort();
  for (const name of ['hostkey', 'clientkey']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'clientkey.pub')));
  mkdirSync('/run/sshd', { recursive: true });
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'hostkey')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'MaxStartups 200',
    'MaxSessions 200',
    'LogLevel ERROR',
  ];
  writeFileSync(join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  execFileSync('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
  const pidFile = join(dir, 'sshd.pid');
  await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim(), 'sshd pid file');
  await waitFor(() => accepts(port), 'sshd port');
  return { port, key: join(dir, 'clientkey'), pid: Number(readFileSync(pidFile, 'utf8').trim()) };
}

/** `hangar sandbox:serve` in the project folder, every instance at 127.0.0.1, lifecycles 100x faster. */
async function startSandbox(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'sandbox:serve', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, HANGAR_SANDBOX_ADDRESS: '127.0.0.1', HANGAR_SANDBOX_SPEED: '100', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(() => accepts(port), 'the sandbox');
  return { url: `http://127.0.0.1:${port}`, child };
}

/** 40 running instances tagged group=fleet, launched through the real SDK. */
async function launchFleet(url) {
  const { EC2Client, RunInstancesCommand, DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-1ebb2077',
      MinCount: HOSTS,
      MaxCount: HOSTS,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: 'fleet' }] }],
    }),
  );
  await waitFor(async () => {
    const page = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'instance-state-name', Values: ['running'] },
          { Name: 'tag:group', Values: ['fleet'] },
        ],
      }),
    );
    return (page.Reservations ?? []).flatMap((r) => r.Instances ?? []).length === HOSTS;
  }, '40 running instances');
}

async function runDeploy(dir, url) {
  const args = ['instance:deploy', 'fleet', '--endpoint', url, '--yes', '-n', String(CONCURRENCY), '--command', `sleep ${SLEEP_S}`];
  const { wall, events } = await runCliJson(args, dir, SANDBOX_AWS_ENV);
  const firstHost = events.find((e) => e.type === 'step' && e.source);
  const result = events.find((e) => e.type === 'result');
  return { wall, fanOut: result.at - firstHost.at, hosts: result.data.hosts };
}

/** The floor on this machine: the same 40 ssh runs, 10 at a time, by a bare pool of child processes (no hangar). */
async function runBareSsh(port, key, knownHosts) {
  const started = now();
  let next = 0;
  const worker = async () => {
    while (next < HOSTS) {
      next++;
      const args = ['-T', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${knownHosts}`];
      args.push('-i', key, '-o', 'IdentitiesOnly=yes', '-p', String(port), '-l', 'root', '--', '127.0.0.1', `sleep ${SLEEP_S}`);
      await new Promise((resolve, reject) => {
        const child = spawn('ssh', args, { stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`bare ssh exited ${code}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return now() - started;
}

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-deploy-'));
let sshd;
let sandbox;
try {
  sshd = await startSshd(dir);
  const nodes = {
    __settings__: { ssh: { key: sshd.key, port: sshd.port, known_hosts: join(dir, 'known_hosts'), connect_timeout: 10 } },
    __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 'm1.small', ssh_username: 'root', packer: false },
    fleet: { description: 'benchmark fleet' },
  };
  writeFileSync(join(dir, 'nodes.json'), `${JSON.stringify(nodes, null, 2)}\n`);
  sandbox = await startSandbox(dir);
  await launchFleet(sandbox.url);
  const run = await runDeploy(dir, sandbox.url);
  const bare = await runBareSsh(sshd.port, sshd.key, join(dir, 'known_hosts'));
  const ok = run.hosts.filter((h) => h.status === 'ok').length;
  const meanHost = run.hosts.reduce((sum, h) => sum + h.durationMs, 0) / run.hosts.length;
  const ratio = (x) => `${(x / IDEAL_MS).toFixed(2)}x`;
  process.stdout.write(
    table(`instance:deploy: ${HOSTS} hosts, \`sleep ${SLEEP_S}\`, -n ${CONCURRENCY}, real sshd on loopback`, [
      ['hosts provisioned ok', `${ok}/${HOSTS}`, `${HOSTS}/${HOSTS}`],
      ['ideal (ceil(hosts / n) x 1 s)', `${IDEAL_MS} ms`, ''],
      ['wall time, whole command (node start, EC2 listing, ssh)', `${run.wall.toFixed(0)} ms (${ratio(run.wall)})`, `<= ${1.5 * IDEAL_MS} ms (1.5x)`],
      ['wall time, first ssh start to summary', `${run.fanOut.toFixed(0)} ms (${ratio(run.fanOut)})`, `<= ${1.5 * IDEAL_MS} ms (1.5x)`],
      ['mean time of one host (ssh connect + `sleep 1`)', `${meanHost.toFixed(0)} ms`, ''],
      ['floor: same 40 ssh runs by a bare pool of 10, no hangar', `${bare.toFixed(0)} ms (${ratio(bare)})`, 'reference'],
      ['hangar fan-out vs the bare pool', `${((run.fanOut / bare) * 100).toFixed(0)}%`, ''],
    ]),
  );
  if (ok !== HOSTS) process.exitCode = 1;
} finally {
  sandbox?.child.kill('SIGTERM');
  if (sshd) {
    try {
      process.kill(sshd.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
