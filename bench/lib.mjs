// Shared helpers of the benchmark scripts: timing, stats, a markdown table.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every benchmark, and every process it starts, never probes the EC2 metadata address: only loopback is reached.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

export const now = () => performance.now();

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: pick(0.5), p95: pick(0.95), min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** Wall time (ms) of one run of a command. */
export function timeCommand(file, args, options = {}) {
  const start = now();
  const result = spawnSync(file, args, { stdio: 'ignore', ...options });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.status}`);
  return now() - start;
}

export const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

export function table(title, rows) {
  const lines = [`### ${title}`, '', '| measure | value | target |', '| --- | --- | --- |'];
  for (const [measure, value, target = ''] of rows) lines.push(`| ${measure} | ${value} | ${target} |`);
  return `${lines.join('\n')}\n`;
}

export const machine = () => {
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  return `${cpu}, ${process.versions.node}`;
};

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** A free TCP port on 127.0.0.1. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export const accepts = (port) =>
  new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Polls `check` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitFor(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Dummy credentials for hangar talking to a sandbox through --endpoint (nothing leaves the machine). */
export const SANDBOX_AWS_ENV = { AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

/** Runs `node dist/cli.js ...args --json` in `cwd`; resolves with its wall time (ms) and JSON events, rejects on a non-zero exit. */
export function runCliJson(args, cwd, env = {}) {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(process.execPath, [CLI, ...args, '--json'], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = now() - started;
      if (code !== 0) return reject(new Error(`hangar ${args.join(' ')} exited ${code}\n${err}\n${out.slice(-2000)}`));
      resolve({
        wall,
        events: out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      });
    });
  });
}

/** A ratio against its ceiling, said honestly: `1.83× (target ≤ 2.5×) PASS` or `… MISS`. */
export const verdict = (ratio, ceiling) => `${ratio.toFixed(2)}× ${ratio <= ceiling ? 'PASS' : 'MISS'}`;

/** Runs each labelled command `runs` times, alternating between them so load hits all alike; median wall time (ms) per label. */
export function alternate(commands, runs, options = {}) {
  const samples = Object.fromEntries(Object.keys(commands).map((label) => [label, []]));
  for (let i = 0; i < runs; i++) {
    for (const [label, [file, args]] of Object.entries(commands)) samples[label].push(timeCommand(file, args, options));
  }
  return Object.fromEntries(Object.entries(samples).map(([label, times]) => [label, stats(times).median]));
}
