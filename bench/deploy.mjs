// instance:deploy speed: 40 sandbox hosts on 127.0.0.2..41 through real sshd, `sleep 1`, -n 10, connect-ahead on and off; against a bare ssh pool, pssh and ansible.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, CLI, freePort, now, SANDBOX_AWS_ENV, stats, table, waitFor } from './lib.mjs';
import { addressRange, startSshHosts, stopSshHosts } from './support/ssh-hosts.mjs';

// The SDK this script loads (to launch the fleet) would warn about Node 20 on stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const HOSTS = 40;
const CONCURRENCY = 10;
const COMMAND = 'sleep 1';
/** What connection reuse is measured with: a command that takes no time, so the run is all connection work. */
const QUICK = 'true';
const ROUNDS = Number(process.env.BENCH_DEPLOY_ROUNDS ?? 5);
const ADDRESSES = addressRange(HOSTS);
const TIME = '/usr/bin/time';

const which = (name) => ['/usr/bin', '/usr/local/bin', '/bin'].map((d) => join(d, name)).find((p) => existsSync(p));

/**
 * Runs a command under /usr/bin/time: wall (ms, measured here) and CPU (ms, user + sys of the whole waited-for
 * process tree; a daemonized ssh master is not waited for, for hangar and ansible alike). Rejects on a non-zero exit.
 */
function timed(file, args, { cwd, env = {}, input } = {}) {
  return new Promise((resolve, reject) => {
    const out = join(cwd, `time-${process.hrtime.bigint()}.txt`);
    const started = now();
    const child = spawn(TIME, ['-f', '%U %S', '-o', out, file, ...args], {
      cwd,
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin?.end(input);
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = now() - started;
      if (code !== 0) return reject(new Error(`${file} ${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}\n${stdout.slice(-2000)}`));
      const [user, sys] = readFileSync(out, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      resolve({ wall, cpu: (user + sys) * 1000, stdout });
    });
  });
}

/** `hangar sandbox:serve` in the project folder, instances on 127.0.0.2..41, lifecycles 100x faster. */
async function startSandbox(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'sandbox:serve', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, HANGAR_SANDBOX_ADDRESS: `${ADDRESSES[0]}-${ADDRESSES.at(-1)}`, HANGAR_SANDBOX_SPEED: '100', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(() => accepts(port), 'the sandbox');
  return { url: `http://127.0.0.1:${port}`, child };
}

/** 40 running instances tagged group=fleet, launched through the real SDK; each has its own address. */
async function launchFleet(url) {
  const { EC2Client, RunInstancesCommand, DescribeInstancesCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  const tags = [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: 'fleet' }] }];
  await ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: HOSTS, MaxCount: HOSTS, TagSpecifications: tags }));
  const filters = [
    { Name: 'instance-state-name', Values: ['running'] },
    { Name: 'tag:group', Values: ['fleet'] },
  ];
  await waitFor(async () => {
    const page = await ec2.send(new DescribeInstancesCommand({ Filters: filters }));
    const addresses = new Set((page.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.PrivateIpAddress));
    return addresses.size === HOSTS;
  }, '40 running instances at 40 addresses');
  ec2.destroy();
}

/**
 * One hangar deploy; `runtime` is its XDG_RUNTIME_DIR, so its masters live in `<runtime>/hangar-ssh` and a fresh
 * one starts cold. (A TMPDIR is not enough: under a long one the socket path would pass 104 bytes, and hangar
 * falls back to /tmp/hangar-ssh-<uid>, which every round would share: later rounds would then be warm.)
 */
async function runHangar(dir, url, runtime, command = COMMAND) {
  const args = ['instance:deploy', 'fleet', '--endpoint', url, '--yes', '-n', String(CONCURRENCY), '--command', command, '--json'];
  const run = await timed(process.execPath, [CLI, ...args], { cwd: dir, env: { ...SANDBOX_AWS_ENV, XDG_RUNTIME_DIR: runtime } });
  const events = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const hosts = events.find((e) => e.type === 'result')?.data.hosts ?? [];
  const ok = hosts.filter((h) => h.status === 'ok').length;
  if (ok !== HOSTS) throw new Error(`hangar deploy: ${ok}/${HOSTS} ok`);
  return run;
}

/** The ssh options hangar passes (minus connection reuse): the bare pool and pssh use the same. */
const sshOptions = (hosts) => [
  ['BatchMode', 'yes'],
  ['StrictHostKeyChecking', 'accept-new'],
  ['ConnectTimeout', '10'],
  ['ServerAliveInterval', '15'],
  ['ServerAliveCountMax', '3'],
  ['UserKnownHostsFile', hosts.knownHosts],
  ['IdentitiesOnly', 'yes'],
];

/** Ends the round's ssh masters (`ssh -O exit` on each socket hangar left), so they neither linger nor serve a later round. */
function stopMasters(runtime) {
  const dir = join(runtime, 'hangar-ssh');
  for (const socket of existsSync(dir) ? readdirSync(dir) : []) {
    spawnSync('ssh', ['-o', `ControlPath=${join(dir, socket)}`, '-O', 'exit', 'master'], { stdio: 'ignore' });
  }
  rmSync(runtime, { recursive: true, force: true });
}

/** `xargs -P10 ssh ...`: the floor, OpenSSH alone. */
function runBarePool(dir, hosts) {
  const ssh = ['-T', ...sshOptions(hosts).flatMap(([k, v]) => ['-o', `${k}=${v}`]), '-i', hosts.key, '-p', String(hosts.port), '-l', 'root'];
  const args = ['-P', String(CONCURRENCY), '-I', '{}', 'ssh', ...ssh, '--', '{}', COMMAND];
  return timed('xargs', args, { cwd: dir, input: `${ADDRESSES.join('\n')}\n` });
}

/** `parallel-ssh -p 10` (Debian's pssh). */
function runPssh(dir, hosts, file) {
  const options = sshOptions(hosts).flatMap(([k, v]) => ['-O', `${k}=${v}`]);
  const args = ['-p', String(CONCURRENCY), '-t', '0', '-l', 'root', '-h', join(dir, 'pssh-hosts'), '-X', '-i', '-X', hosts.key, ...options, COMMAND];
  return timed(file, args, { cwd: dir });
}

/** `ansible -f 10 -m raw` (ansible-core), its default ssh connection reuse within the run, a fresh control dir per run. */
function runAnsible(dir, hosts, file, tmp) {
  const args = ['all', '-i', join(dir, 'inventory.ini'), '-f', String(CONCURRENCY), '-m', 'raw', '-a', COMMAND, '-u', 'root', '--private-key', hosts.key];
  const env = {
    ANSIBLE_HOME: join(tmp, 'ansible'),
    ANSIBLE_SSH_CONTROL_PATH_DIR: join(tmp, 'cp'),
    ANSIBLE_SSH_ARGS: `-C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=${hosts.knownHosts}`,
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_GATHERING: 'explicit',
    ANSIBLE_NOCOLOR: '1',
  };
  return timed(file, args, { cwd: dir, env });
}

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-deploy-'));
let hosts;
let sandbox;
try {
  hosts = await startSshHosts(dir, ADDRESSES);
  const nodes = {
    __settings__: { ssh: { key: hosts.key, port: hosts.port, known_hosts: hosts.knownHosts, connect_timeout: 10 } },
    __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 'm1.small', ssh_username: 'root', packer: false },
    fleet: { description: 'benchmark fleet' },
  };
  writeFileSync(join(dir, 'nodes.json'), `${JSON.stringify(nodes, null, 2)}\n`);
  // The same fleet with connect-ahead off: each run logs in on its turn (what the CPU of the default buys).
  const aheadOff = join(dir, 'connect-ahead-off');
  mkdirSync(aheadOff);
  const off = { ...nodes, __settings__: { ssh: { ...nodes.__settings__.ssh, connect_ahead: false } } };
  writeFileSync(join(aheadOff, 'nodes.json'), `${JSON.stringify(off, null, 2)}\n`);
  writeFileSync(join(dir, 'pssh-hosts'), ADDRESSES.map((a) => `${a}:${hosts.port}\n`).join(''));
  writeFileSync(join(dir, 'inventory.ini'), `[fleet]\n${ADDRESSES.map((a) => `${a} ansible_port=${hosts.port}\n`).join('')}`);
  sandbox = await startSandbox(dir);
  await launchFleet(sandbox.url);
  const pssh = which('parallel-ssh');
  const ansible = which('ansible');
  const samples = { first: [], second: [], quickFirst: [], quickSecond: [], firstOff: [], bare: [], pssh: [], ansible: [] };
  // Alternating rounds: each tool meets the same load; every round starts hangar cold (a fresh TMPDIR, no master).
  for (let round = 0; round < ROUNDS; round++) {
    const tmp = join(dir, `round-${round}`);
    mkdirSync(tmp);
    // Short, fresh and private: the round's masters are its own.
    const runtime = mkdtempSync('/tmp/hb-');
    chmodSync(runtime, 0o700);
    samples.first.push(await runHangar(dir, sandbox.url, runtime));
    samples.second.push(await runHangar(dir, sandbox.url, runtime));
    stopMasters(runtime);
    // Connection reuse alone: the same pair of runs with a command that takes no time.
    const quick = mkdtempSync('/tmp/hb-');
    chmodSync(quick, 0o700);
    samples.quickFirst.push(await runHangar(dir, sandbox.url, quick, QUICK));
    samples.quickSecond.push(await runHangar(dir, sandbox.url, quick, QUICK));
    stopMasters(quick);
    const cold = mkdtempSync('/tmp/hb-');
    chmodSync(cold, 0o700);
    samples.firstOff.push(await runHangar(aheadOff, sandbox.url, cold));
    stopMasters(cold);
    samples.bare.push(await runBarePool(dir, hosts));
    if (pssh) samples.pssh.push(await runPssh(dir, hosts, pssh));
    if (ansible) samples.ansible.push(await runAnsible(dir, hosts, ansible, tmp));
  }
  const median = (runs, key) => stats(runs.map((r) => r[key])).median;
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  const first = { wall: median(samples.first, 'wall'), cpu: median(samples.first, 'cpu') };
  const bare = { wall: median(samples.bare, 'wall'), cpu: median(samples.bare, 'cpu') };
  const second = median(samples.second, 'wall');
  const quickFirst = median(samples.quickFirst, 'wall');
  const quickSecond = median(samples.quickSecond, 'wall');
  // With `sleep 1` on 40 hosts, 10 at a time, no run can take less than 4 waves of 1 s, whatever it reuses.
  const floor = Math.ceil(HOSTS / CONCURRENCY) * 1000;
  const measured = (runs) => `${s(median(runs, 'wall'))} wall, ${s(median(runs, 'cpu'))} CPU`;
  const peer = (name, runs, present) => {
    if (!present) return [name, 'not installed', 'reference'];
    const wall = median(runs, 'wall');
    return [name, `${measured(runs)}; hangar first run is ${(first.wall / wall).toFixed(2)}x`, 'reference'];
  };
  const firstOff = { wall: median(samples.firstOff, 'wall'), cpu: median(samples.firstOff, 'cpu') };
  const rows = [
    ['hangar, first run (cold: no ssh master)', measured(samples.first), ''],
    [
      'hangar, first run with `connect_ahead: false` (each host logs in on its turn)',
      `${measured(samples.firstOff)}; vs bare pool ${(firstOff.wall / bare.wall).toFixed(2)}x wall, ${(firstOff.cpu / bare.cpu).toFixed(2)}x CPU`,
      'reference',
    ],
    [
      `hangar, second run within control_persist (\`${COMMAND}\`)`,
      `${s(second)} wall (${(second / first.wall).toFixed(2)}x the first; the command alone takes ${s(floor)}, ${(floor / first.wall).toFixed(2)}x)`,
      'reference: bound by the command',
    ],
    [
      `hangar, \`${QUICK}\` on the same hosts: first run (cold) / second run within control_persist`,
      `${s(quickFirst)} / ${s(quickSecond)} wall = ${(quickSecond / quickFirst).toFixed(2)}x`,
      `<= 0.5x the first: ${verdict(quickSecond <= 0.5 * quickFirst)}`,
    ],
    ['bare pool: `xargs -P10 ssh`, same key and options', measured(samples.bare), 'reference'],
    ['hangar first run vs bare pool, wall', `${(first.wall / bare.wall).toFixed(2)}x`, `<= 1.05x: ${verdict(first.wall <= 1.05 * bare.wall)}`],
    ['hangar first run vs bare pool, CPU (user+sys)', `${(first.cpu / bare.cpu).toFixed(2)}x`, `<= 1.15x: ${verdict(first.cpu <= 1.15 * bare.cpu)}`],
    pssh
      ? [
          'pssh: `parallel-ssh -p 10`',
          `${measured(samples.pssh)}; hangar first run is ${(first.wall / median(samples.pssh, 'wall')).toFixed(2)}x`,
          `hangar faster: ${verdict(first.wall < median(samples.pssh, 'wall'))}`,
        ]
      : ['pssh: `parallel-ssh -p 10`', 'not installed', 'hangar faster: not measured'],
    peer('ansible-core: `ansible -f 10 -m raw`', samples.ansible, Boolean(ansible)),
  ];
  process.stdout.write(
    table(`instance:deploy: ${HOSTS} hosts (127.0.0.2..41), \`${COMMAND}\`, -n ${CONCURRENCY}, real sshd; medians of ${ROUNDS} alternating rounds`, rows),
  );
} finally {
  sandbox?.child.kill('SIGTERM');
  if (hosts) stopSshHosts(hosts);
  rmSync(dir, { recursive: true, force: true });
}
