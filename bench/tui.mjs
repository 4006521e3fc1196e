// Workbench speed: cursor moves on 2,000 groups, typing during a 10,000 lines/s log flood, time to the first frame.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ms, now, stats, table, timeCommand } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');
// Inside node_modules so the bundle resolves ink and react from the project.
const OUT = join(ROOT, 'node_modules', '.cache', 'hangar-bench', 'tui-harness.mjs');

async function harnessFigures() {
  const { build } = await import('esbuild');
  mkdirSync(dirname(OUT), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'bench', 'tui-harness.tsx')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    packages: 'external',
    logLevel: 'error',
  });
  // Ink draws nothing live when it thinks it runs in CI: run the harness as on a terminal.
  const env = { ...process.env };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  const code = `import(${JSON.stringify(pathToFileURL(OUT).href)}).then(async (m) => { const r = await m.runBench(2000); process.stdout.write(JSON.stringify(r)); process.exit(0); })`;
  const result = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`tui harness failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

/** Start to the first full frame of `hangar` in tmux at 100x30 (polled every 5 ms), on a copy of the example. */
function firstFrame(runs = 5) {
  if (spawnSync('tmux', ['-V']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hangar-tui-first-'));
  for (const entry of ['nodes.json', 'roles', 'packer', 'dna']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  const socket = `hangar-bench-${process.pid}`;
  const tmux = (...args) => spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const samples = [];
  // A server with a placeholder session first, so that a pane that dies keeps its last words.
  tmux('new-session', '-d', '-s', 'keep', 'sleep', '600');
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  try {
    for (let i = 0; i < runs; i++) {
      // No AWS account is reached: AWS calls go to a closed loopback port, and the metadata address is never probed.
      const env = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', 'AWS_ENDPOINT_URL=http://127.0.0.1:9', 'AWS_EC2_METADATA_DISABLED=true'];
      const start = now();
      tmux('new-session', '-d', '-s', `b${i}`, '-x', '100', '-y', '30', '-c', dir, ...env, 'node', CLI);
      for (;;) {
        if (tmux('capture-pane', '-p', '-t', `b${i}`).stdout.includes('? help')) break;
        if (now() - start > 15_000) throw new Error(`no first frame after 15 s:\n${tmux('capture-pane', '-p', '-t', `b${i}`).stdout}`);
        spawnSync('sleep', ['0.005']);
      }
      samples.push(now() - start);
      tmux('kill-session', '-t', `b${i}`);
    }
  } finally {
    tmux('kill-server');
    rmSync(dir, { recursive: true, force: true });
  }
  return stats(samples);
}

const r = await harnessFigures();
const moves = stats(r.moves);
const renders = stats(r.renderTimes);
const flood = stats(r.latencies);
const first = firstFrame();
const bare = stats(Array.from({ length: 5 }, () => timeCommand(process.execPath, ['-e', '0'])));
const mb = r.rss / 2 ** 20;
process.stdout.write(
  table('Workbench (TUI): Ink on a 100x30 terminal', [
    ['cursor move on 2,000 groups, key to frame (median / p95)', `${ms(moves.median)} / ${ms(moves.p95)}`, '≤ 30 ms median'],
    ['  of which Ink render (median)', ms(renders.median), ''],
    [
      `key to frame during a 10 s flood at 10,000 lines/s (${r.lines} lines; median / p95, n=${flood.n})`,
      `${ms(flood.median)} / ${ms(flood.p95)}`,
      '≤ 100 ms p95',
    ],
    [`RSS after the flood (before it: ${(r.memory.rssBefore / 2 ** 20).toFixed(0)} MB)`, `${mb.toFixed(0)} MB`, '< 300 MB'],
    ['JS heap in use after the flood and a GC', `${(r.memory.heapAfterGc / 2 ** 20).toFixed(0)} MB`, ''],
    ['frames drawn (whole run)', String(r.frames), ''],
    ['start to first full frame, `hangar` in tmux (median of 5)', first ? ms(first.median) : 'tmux missing', 'report'],
    ['bare `node -e 0` (median of 5)', ms(bare.median), ''],
  ]),
);
