// Registry speed: 1,000 instances over 20 services in a real etcd; put -> `service:watch` latency and an idle agent's CPU.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { accepts, CLI, freePort, ms, now, ROOT, stats, table, waitFor } from './lib.mjs';

const SERVICES = 20;
const INSTANCES = 1000;
const SAMPLES = 200;
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 10);

const entryValue = (i, since) =>
  JSON.stringify({
    host: `127.0.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    port: 8000 + (i % SERVICES),
    group: `g${i % SERVICES}`,
    instance: `i-${i}`,
    status: 'up',
    since,
  });

/** CPU ticks (user + system) of a process, from /proc/PID/stat. */
function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-registry-'));
const children = [];
try {
  const [port, peer] = [await freePort(), await freePort()];
  const etcd = spawn(
    'etcd',
    [
      '--name',
      'b',
      '--data-dir',
      join(dir, 'etcd'),
      '--listen-client-urls',
      `http://127.0.0.1:${port}`,
      '--advertise-client-urls',
      `http://127.0.0.1:${port}`,
      '--listen-peer-urls',
      `http://127.0.0.1:${peer}`,
      '--initial-advertise-peer-urls',
      `http://127.0.0.1:${peer}`,
      '--initial-cluster',
      `b=http://127.0.0.1:${peer}`,
      '--log-level',
      'error',
    ],
    { stdio: 'ignore' },
  );
  children.push(etcd);
  await waitFor(() => accepts(port), 'etcd');
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env, HANGAR_ETCD_ENDPOINTS: endpoint, NO_COLOR: '1' };

  // 1,000 instances over 20 services, under one lease kept alive by this process.
  const client = new Etcd3({ hosts: endpoint });
  const lease = client.lease(60);
  const since = new Date().toISOString();
  for (let i = 0; i < INSTANCES; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, k) => lease.put(`/hangar/services/svc-${(i + k) % SERVICES}/i-${i + k}`).value(entryValue(i + k, since))),
    );
  }

  // The watcher: `hangar service:watch --json` as a child process; a change counts when its line arrives.
  const watcher = spawn(process.execPath, [CLI, 'service:watch', '--json'], { env, stdio: ['ignore', 'pipe', 'inherit'], cwd: ROOT });
  children.push(watcher);
  const arrived = new Map();
  let ready = false;
  let buffer = '';
  watcher.stdout.setEncoding('utf8');
  watcher.stdout.on('data', (chunk) => {
    const t = now();
    const lines = (buffer + chunk).split('\n');
    buffer = lines.pop();
    for (const line of lines) {
      const event = JSON.parse(line);
      if (event.type === 'log' && /watching/.test(event.message)) ready = true;
      if (event.type === 'result' && event.data?.type === 'put') arrived.set(event.data.entry.since, t);
    }
  });
  await waitFor(() => ready, 'service:watch to start');
  const latencies = [];
  for (let s = 0; s < SAMPLES; s++) {
    const i = (s * 37) % INSTANCES;
    const marker = `bench-${s}`;
    const start = now();
    await lease.put(`/hangar/services/svc-${i % SERVICES}/i-${i}`).value(entryValue(i, marker));
    await waitFor(() => arrived.has(marker), `change ${s}`, 5_000);
    latencies.push(arrived.get(marker) - start);
  }
  const latency = stats(latencies);
  watcher.kill('SIGINT');

  // An idle agent: registered, its map (1,000 entries) written, nothing changing.
  writeFileSync(
    join(dir, 'dna.json'),
    JSON.stringify({ id: 'g', run_list: [], hangar: { group: 'g', services: { 'svc-bench': { port: 9999 } }, depends_on: null } }),
  );
  const agent = spawn(
    process.execPath,
    [
      CLI,
      'agent',
      '--dna',
      join(dir, 'dna.json'),
      '--instance-id',
      'i-bench',
      '--host',
      '127.0.0.1',
      '--command',
      'true',
      '--wait-min',
      '0.2',
      '--wait-max',
      '1',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(agent);
  let agentOut = '';
  agent.stdout.on('data', (c) => (agentOut += c));
  agent.stderr.on('data', (c) => (agentOut += c));
  await waitFor(() => /provisioned in/.test(agentOut), 'the agent to register and provision once', 30_000);
  // Let start-up work (JIT, GC of the first list) settle before measuring.
  await new Promise((r) => setTimeout(r, 3000));
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const before = cpuTicks(agent.pid);
  const t0 = now();
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const cpu = ((cpuTicks(agent.pid) - before) / hz / ((now() - t0) / 1000)) * 100;
  const rss = Number(readFileSync(`/proc/${agent.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
  agent.kill('SIGTERM');
  await new Promise((r) => agent.once('exit', r));
  client.close();

  process.stdout.write(
    table(`Registry (${INSTANCES} instances over ${SERVICES} services, real etcd, ${SAMPLES} changes)`, [
      ['put in etcd -> line from `service:watch` (p50)', ms(latency.median), ''],
      ['put in etcd -> line from `service:watch` (p95)', ms(latency.p95), '<= 200 ms'],
      ['put in etcd -> line (max)', ms(latency.max), ''],
      [`idle agent CPU over ${IDLE_SECONDS} s (/proc/PID/stat)`, `${cpu.toFixed(2)} %`, '~ 0 %'],
      ['idle agent RSS', `${rss.toFixed(0)} MB`, ''],
    ]),
  );
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
