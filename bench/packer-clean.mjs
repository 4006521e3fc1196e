// packer:clean speed: 1,000 AMIs of one group in the sandbox, keep 10; AWS calls counted at a proxy, concurrency 1 vs default.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepts, CLI, freePort, now, runCliJson, SANDBOX_AWS_ENV, table, waitFor } from './lib.mjs';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 1000);
const KEEP = 10;
/** Added to every call at the proxy: a round trip to a real AWS region takes tens of ms, the local sandbox ~1 ms. */
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 10);

async function startSandbox(dir) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'sandbox:serve', '--port', String(port)], {
    cwd: dir,
    env: { ...process.env, HANGAR_SANDBOX_SPEED: '10000', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(() => accepts(port), 'the sandbox', 30_000);
  return { url: `http://127.0.0.1:${port}`, port, child };
}

/** An HTTP proxy in front of the sandbox: counts calls by Action, tracks the most in flight at once, adds latency. */
async function startCountingProxy(target) {
  const counts = { total: 0, byAction: {}, inFlight: 0, maxInFlight: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = new URLSearchParams(body.toString('utf8')).get('Action') ?? '?';
      counts.total++;
      counts.byAction[action] = (counts.byAction[action] ?? 0) + 1;
      counts.inFlight++;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
      setTimeout(() => {
        const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(res);
          answer.on('end', () => counts.inFlight--);
        });
        upstream.on('error', (error) => {
          counts.inFlight--;
          res.writeHead(502);
          res.end(String(error));
        });
        upstream.end(body);
      }, LATENCY_MS);
    });
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    reset: () => Object.assign(counts, { total: 0, byAction: {}, maxInFlight: 0 }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** IMAGES AMIs tagged group=bench (RegisterImage, each with its snapshot), plus one instance using an old one. */
async function seedImages(url) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const sdk = await import('@aws-sdk/client-ec2');
  const ec2 = new sdk.EC2Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  const ids = [];
  for (let i = 0; i < IMAGES; i += 25) {
    const batch = Array.from({ length: Math.min(25, IMAGES - i) }, (_, j) => i + j);
    ids.push(
      ...(await Promise.all(
        batch.map((n) =>
          ec2
            .send(
              new sdk.RegisterImageCommand({
                Name: `bench ${String(n).padStart(5, '0')} ${Date.now()}`,
                RootDeviceName: '/dev/sda1',
                BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } }],
                TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'group', Value: 'bench' }] }],
              }),
            )
            .then((r) => r.ImageId),
        ),
      )),
    );
  }
  // The oldest AMI is in use by an instance: packer:clean must spare it.
  await ec2.send(new sdk.RunInstancesCommand({ ImageId: ids[0], MinCount: 1, MaxCount: 1 }));
  return { ec2, sdk, oldest: ids[0] };
}

async function runClean(dir, endpoint, concurrency) {
  const args = ['packer:clean', 'bench', '-n', String(KEEP), '--yes', '--endpoint', endpoint, ...(concurrency ? ['--concurrency', String(concurrency)] : [])];
  const { wall, events } = await runCliJson(args, dir, SANDBOX_AWS_ENV);
  return { wall, summary: events.find((e) => e.type === 'result').data.groups.bench };
}

/** One round on a fresh sandbox: seed, then packer:clean through the counting proxy. */
async function round(concurrency) {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-clean-'));
  let sandbox;
  let proxy;
  try {
    const nodes = {
      __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 'm1.small', ssh_username: 'ubuntu' },
      bench: { description: 'packer:clean benchmark' },
    };
    writeFileSync(join(dir, 'nodes.json'), `${JSON.stringify(nodes, null, 2)}\n`);
    sandbox = await startSandbox(dir);
    proxy = await startCountingProxy(sandbox.port);
    const seedStart = now();
    const { oldest } = await seedImages(sandbox.url);
    const seedMs = now() - seedStart;
    proxy.reset();
    const run = await runClean(dir, proxy.url, concurrency);
    return {
      concurrency: concurrency ?? 'default (8)',
      wall: run.wall,
      calls: proxy.counts.total,
      byAction: { ...proxy.counts.byAction },
      maxInFlight: proxy.counts.maxInFlight,
      removed: run.summary.removed.length,
      spared: run.summary.inUse.map((u) => u.id),
      oldest,
      seedMs,
    };
  } finally {
    await proxy?.close();
    sandbox?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = [await round(1), await round(undefined)];
const rows = [];
for (const r of runs) {
  const byAction = Object.entries(r.byAction)
    .sort((a, b) => b[1] - a[1])
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
  rows.push([
    `concurrency ${r.concurrency}: wall time (whole command)`,
    `${r.wall.toFixed(0)} ms`,
    r.concurrency === 1 ? '' : `< concurrency 1 (${runs[0].wall.toFixed(0)} ms)`,
  ]);
  rows.push([`concurrency ${r.concurrency}: AWS calls`, `${r.calls} (${byAction})`, `<= ${2 * (IMAGES - KEEP) + 10}`]);
  rows.push([`concurrency ${r.concurrency}: most calls in flight at once`, String(r.maxInFlight), r.concurrency === 1 ? '1' : '<= 8 (bounded)']);
  rows.push([
    `concurrency ${r.concurrency}: deregistered / spared (in use)`,
    `${r.removed} / ${r.spared.join(', ') || 'none'}`,
    `${IMAGES - KEEP - 1} / ${r.oldest}`,
  ]);
}
rows.push([
  'speed-up, default vs concurrency 1',
  `${(runs[0].wall / runs[1].wall).toFixed(1)}x`,
  '> 1 (bounded by the sandbox, which serialises calls on its state file)',
]);
process.stdout.write(
  table(`packer:clean: ${IMAGES} AMIs of one group in the sandbox, keep ${KEEP}, ${LATENCY_MS} ms added per call at a counting proxy`, rows),
);
const bad = runs.some((r) => r.removed !== IMAGES - KEEP - 1 || !r.spared.includes(r.oldest)) || runs[1].maxInFlight > 8 || runs[0].maxInFlight !== 1;
if (bad) process.exitCode = 1;
