// Registry at fleet scale: 10,000 instances over 100 services in a real etcd; put -> `service:watch` latency, `service:list`,
// agent start to registered, and the idle agent's RSS against a bare Node process measured in the same run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, CLI, freePort, ms, now, ROOT, stats, table, waitFor } from './lib.mjs';

const SERVICES = 100;
const INSTANCES = 10_000;
const SAMPLES = 200;
const LIST_RUNS = 3;
const START_RUNS = 3;
const IDLE_SECONDS = Number(process.env.IDLE_SECONDS ?? 10);
/** BENCH_REGISTRY_ROWS=agent: only the agent's rows (etcd still holds the 10,000 entries; the agent reads the services it follows). */
const AGENT_ONLY = process.env.BENCH_REGISTRY_ROWS === 'agent';
/** What the agent under test depends on (a node follows a few services, not the whole fleet). */
const DEPENDS_ON = ['svc-1', 'svc-2'];

const b64 = (text) => Buffer.from(text).toString('base64');
const entryValue = (i, since) =>
  JSON.stringify({
    host: `127.${Math.floor(i / 62_500)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`,
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
const rssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const verdict = (value, limit) => (value <= limit ? 'PASS' : 'MISS');
const sleep = (msToWait) => new Promise((r) => setTimeout(r, msToWait));

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-registry-'));
const children = [];
try {
  const [port, peer] = [await freePort(), await freePort()];
  // A larger backend quota than the 2 GB default is not needed: 10,000 entries are ~2 MB.
  const etcd = spawn(
    'etcd',
    [
      ...['--name', 'b', '--data-dir', join(dir, 'etcd'), '--log-level', 'error'],
      ...['--listen-client-urls', `http://127.0.0.1:${port}`, '--advertise-client-urls', `http://127.0.0.1:${port}`],
      ...['--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`],
      ...['--initial-cluster', `b=http://127.0.0.1:${peer}`],
    ],
    { stdio: 'ignore' },
  );
  children.push(etcd);
  await waitFor(() => accepts(port), 'etcd');
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { ...process.env, HANGAR_ETCD_ENDPOINTS: endpoint, NO_COLOR: '1' };
  const gateway = async (path, body) => {
    const response = await fetch(`${endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const answer = await response.json();
    if (!response.ok) throw new Error(`${path}: ${JSON.stringify(answer)}`);
    return answer;
  };

  // 10,000 instances over 100 services, under one lease (kept alive below), 100 puts per transaction.
  const { ID: lease } = await gateway('/v3/lease/grant', { TTL: 120 });
  const keepAlive = setInterval(() => void gateway('/v3/lease/keepalive', { ID: lease }).catch(() => undefined), 20_000);
  const putOf = (i, since) => ({ request_put: { key: b64(`/hangar/services/svc-${i % SERVICES}/i-${i}`), value: b64(entryValue(i, since)), lease } });
  const since = new Date().toISOString();
  const seedStart = now();
  for (let i = 0; i < INSTANCES; i += 100) {
    await gateway('/v3/kv/txn', { success: Array.from({ length: 100 }, (_, k) => putOf(i + k, since)) });
  }
  const seedMs = now() - seedStart;

  let list;
  let latency;
  if (!AGENT_ONLY) {
    // `service:list` over the 10,000: the whole command, start to exit.
    const listTimes = [];
    for (let r = 0; r < LIST_RUNS; r++) {
      const t = now();
      const out = execFileSync(process.execPath, [CLI, 'service:list'], { env, cwd: ROOT, encoding: 'utf8' });
      listTimes.push(now() - t);
      if (!/svc-99/.test(out)) throw new Error(`service:list did not list svc-99:\n${out.slice(0, 500)}`);
    }
    list = stats(listTimes);

    // The watcher: `hangar service:watch --json` as a child process; a change counts when its line arrives.
    const watcher = spawn(process.execPath, [CLI, 'service:watch', '--json'], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
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
    await waitFor(() => ready, 'service:watch to start', 30_000);
    const latencies = [];
    for (let s = 0; s < SAMPLES; s++) {
      const i = (s * 37) % INSTANCES;
      const marker = `bench-${s}`;
      const start = now();
      await gateway('/v3/kv/put', putOf(i, marker).request_put);
      await waitFor(() => arrived.has(marker), `change ${s}`, 5_000);
      latencies.push(arrived.get(marker) - start);
    }
    latency = stats(latencies);
    watcher.kill('SIGINT');
  }

  // The agent: spawned, timed until its key is in etcd (polled every 10 ms); the last one is left idle.
  writeFileSync(
    join(dir, 'dna.json'),
    JSON.stringify({ id: 'g', run_list: [], hangar: { group: 'g', services: { 'svc-bench': { port: 9999 } }, depends_on: DEPENDS_ON } }),
  );
  const agentKey = { key: b64('/hangar/services/svc-bench/i-bench') };
  const startAgent = () =>
    spawn(
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
      { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  const startTimes = [];
  let agent;
  let agentOut = '';
  for (let r = 0; r < START_RUNS; r++) {
    const t = now();
    agent = startAgent();
    children.push(agent);
    agentOut = '';
    agent.stdout.on('data', (c) => (agentOut += c));
    agent.stderr.on('data', (c) => (agentOut += c));
    await waitFor(async () => (await gateway('/v3/kv/range', agentKey)).count === '1', 'the agent to register', 30_000).catch((error) => {
      throw new Error(`${error.message}\n${agentOut}`);
    });
    startTimes.push(now() - t);
    if (r < START_RUNS - 1) {
      agent.kill('SIGTERM');
      await new Promise((r) => agent.once('exit', r));
      await waitFor(async () => (await gateway('/v3/kv/range', agentKey)).count === undefined, 'the agent to deregister', 10_000);
    }
  }
  const started = stats(startTimes);
  await waitFor(() => /provisioned in/.test(agentOut), `the agent to provision once\n${agentOut}`, 30_000);

  // A bare Node process, idle beside it, measured the same way.
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(bare);
  // Let start-up work (JIT, GC of the first list) settle before measuring.
  await sleep(3000);
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  const before = cpuTicks(agent.pid);
  const t0 = now();
  await sleep(IDLE_SECONDS * 1000);
  const cpu = ((cpuTicks(agent.pid) - before) / hz / ((now() - t0) / 1000)) * 100;
  const rss = rssMb(agent.pid);
  const bareRss = rssMb(bare.pid);
  agent.kill('SIGTERM');
  bare.kill('SIGTERM');
  await new Promise((r) => agent.once('exit', r));
  clearInterval(keepAlive);
  await gateway('/v3/lease/revoke', { ID: lease }).catch(() => undefined);

  const ratio = rss / bareRss;
  process.stdout.write(
    table(
      `Registry (${INSTANCES} instances over ${SERVICES} services, real etcd; seeded in ${ms(seedMs)}; ${AGENT_ONLY ? 'agent rows only' : `${SAMPLES} changes`})`,
      [
        ...(AGENT_ONLY
          ? []
          : [
              ['put in etcd -> line from `service:watch` (p50)', ms(latency.median), ''],
              ['put in etcd -> line from `service:watch` (p95)', ms(latency.p95), `<= 50 ms: ${verdict(latency.p95, 50)}`],
              ['put in etcd -> line (max)', ms(latency.max), ''],
              [`\`service:list\`, ${INSTANCES} entries, start to exit (median of ${LIST_RUNS})`, ms(list.median), `<= 1 s: ${verdict(list.median, 1000)}`],
            ]),
        [`agent start -> its key in etcd (median of ${START_RUNS}; max ${ms(started.max)})`, ms(started.median), `<= 1 s: ${verdict(started.median, 1000)}`],
        [`idle agent CPU over ${IDLE_SECONDS} s (/proc/PID/stat)`, `${cpu.toFixed(2)} %`, '~ 0 %'],
        ["bare `node -e 'setInterval(() => {}, 1000)'` RSS", `${bareRss.toFixed(0)} MB`, ''],
        [`idle agent RSS (depends on ${DEPENDS_ON.length} services)`, `${rss.toFixed(0)} MB = ${ratio.toFixed(2)}x bare`, `<= 1.5x: ${verdict(ratio, 1.5)}`],
      ],
    ),
  );
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
