// Workbench speed: cursor moves on 2,000 groups, typing during a 10,000 lines/s log flood, time to the first frame (on a pty, and through tmux).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, ms, now, stats, table, timeCommand, verdict } from './lib.mjs';

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

/** What a bare Node prints in the same harness: the marker the poll waits for, at once. */
const BARE_FRAME = ['node', '-e', "process.stdout.write('? help'); setTimeout(() => {}, 60000)"];

/**
 * Start to the first full frame of `hangar ...args` in tmux at 100x30 (polled every 5 ms), on a copy of the example.
 * Alternating with it, two yardsticks: a bare Node started the same way in tmux that prints the marker at once (so
 * tmux's session start and the poll's granularity, about 25 ms here, count on both sides), and a plain `node -e 0`
 * (spawned and waited for, without tmux). Medians of `runs`.
 */
function firstFrame(args, runs = 9) {
  if (spawnSync('tmux', ['-V']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hangar-tui-first-'));
  for (const entry of ['nodes.json', 'roles', 'packer', 'dna']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  const socket = `hangar-bench-${process.pid}`;
  const tmux = (...a) => spawnSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
  const samples = [];
  const inTmux = [];
  const bare = [];
  /** Starts `command` in a new session and returns the time until its pane shows the marker. */
  const untilMarker = (name, command) => {
    // No AWS account is reached: the metadata address is never probed, and AWS calls go to the sandbox or a closed loopback port.
    const env = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', 'AWS_EC2_METADATA_DISABLED=true'];
    const start = now();
    tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', '-c', dir, ...env, ...command);
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-t', name).stdout;
      if (screen.includes('? help')) break;
      if (now() - start > 15_000 || screen.includes('Pane is dead')) throw new Error(`no first frame of ${command.join(' ')}:\n${screen}`);
      spawnSync('sleep', ['0.005']);
    }
    const took = now() - start;
    tmux('kill-session', '-t', name);
    return took;
  };
  // A server with a placeholder session first, so that a pane that dies keeps its last words.
  tmux('new-session', '-d', '-s', 'keep', 'sleep', '600');
  tmux('set-option', '-g', 'remain-on-exit', 'on');
  try {
    for (let i = 0; i < runs; i++) {
      samples.push(untilMarker(`h${i}`, ['node', CLI, ...args]));
      inTmux.push(untilMarker(`n${i}`, BARE_FRAME));
      bare.push(timeCommand(process.execPath, ['-e', '0']));
    }
  } finally {
    tmux('kill-server');
    rmSync(dir, { recursive: true, force: true });
  }
  return { frame: stats(samples).median, sameHarness: stats(inTmux).median, bare: stats(bare).median };
}

/** Strips the escape sequences a frame is drawn with, so the marker can be found in the text. */
const plainText = (text) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/**
 * Start to the first full frame on a pseudo-terminal of 100x30 made by script(1), read as it is written: the time
 * from spawning `script` until the footer's `? help` (the frame's last line) has come out of the pty.
 */
function untilFrameOnPty(dir, command) {
  return new Promise((resolve, reject) => {
    const shell = `stty cols 100 rows 30; exec env -u CI -u CONTINUOUS_INTEGRATION AWS_EC2_METADATA_DISABLED=true ${command}`;
    const started = now();
    const child = spawn('script', ['-qfec', shell, '/dev/null'], {
      cwd: dir,
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    let out = '';
    const stop = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no first frame of ${command}:\n${plainText(out).slice(-2000)}`));
    }, 15_000);
    child.stdout.on('data', (data) => {
      out += data;
      if (!plainText(out).includes('? help')) return;
      const took = now() - started;
      clearTimeout(timer);
      stop();
      resolve(took);
    });
  });
}

/** A shell word for `value` (the pty's command line goes through sh). */
const shellWord = (value) => `'${value.replaceAll("'", "'\\''")}'`;

/**
 * The same first frame on a pty, alternating with a bare Node that prints the marker at once through the same
 * harness, and with a plain `node -e 0`. The harness costs a few ms (script, sh, stty, env), not tmux's 25-40.
 */
async function firstFrameOnPty(args, runs = 9) {
  if (spawnSync('script', ['-V']).status !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'hangar-pty-first-'));
  for (const entry of ['nodes.json', 'roles', 'packer', 'dna']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  const hangar = [process.execPath, CLI, ...args].map(shellWord).join(' ');
  const bareNode = [process.execPath, '-e', "process.stdout.write('? help'); setTimeout(() => {}, 60000)"].map(shellWord).join(' ');
  const samples = { frame: [], onPty: [], bare: [] };
  try {
    for (let i = 0; i < runs; i++) {
      samples.frame.push(await untilFrameOnPty(dir, hangar));
      samples.onPty.push(await untilFrameOnPty(dir, bareNode));
      samples.bare.push(timeCommand(process.execPath, ['-e', '0']));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { frame: stats(samples.frame).median, sameHarness: stats(samples.onPty).median, bare: stats(samples.bare).median };
}

/**
 * The row of one first-frame figure: its time against a bare Node's through the same tmux harness (the target's
 * verdict), and, for reference, against a plain `node -e 0` (which leaves tmux's own cost on hangar's side only).
 */
function frameRow(label, figure, missing = 'tmux missing', target = `≤ ${FRAME_TARGET}× node`) {
  if (!figure) return [label, missing, target];
  const ratio = figure.frame / figure.sameHarness;
  const plain = (figure.frame / figure.bare).toFixed(2);
  return [
    label,
    `${ms(figure.frame)} vs bare node in the same harness ${ms(figure.sameHarness)} = ${target ? verdict(ratio, FRAME_TARGET) : `${ratio.toFixed(2)}×`} (vs plain \`node -e 0\` ${ms(figure.bare)}: ${plain}×)`,
    target,
  ];
}

const FRAME_TARGET = 4;

const r = await harnessFigures();
const moves = stats(r.moves);
const renders = stats(r.renderTimes);
const flood = stats(r.latencies);
const port = await freePort();
// Nothing listens there: the frame must not wait for AWS (which the status poll then fails to reach, and says so).
const closedEndpoint = ['--endpoint', `http://127.0.0.1:${port}`];
const sandboxPty = await firstFrameOnPty(['--sandbox']);
const endpointPty = await firstFrameOnPty(closedEndpoint);
const sandboxFrame = firstFrame(['--sandbox']);
const endpointFrame = firstFrame(closedEndpoint);
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
    frameRow(
      'start to first full frame, `hangar --sandbox`, read from a pty as written (script(1), median of 9, alternating)',
      sandboxPty,
      'script(1) missing',
    ),
    frameRow(
      'start to first full frame, `hangar --endpoint http://127.0.0.1:<closed port>`, read from a pty (median of 9, alternating)',
      endpointPty,
      'script(1) missing',
    ),
    frameRow('the same seen through tmux: `hangar --sandbox` (capture-pane polled every 5 ms, median of 9)', sandboxFrame, 'tmux missing', ''),
    frameRow('the same through tmux: `hangar --endpoint http://127.0.0.1:<closed port>`', endpointFrame, 'tmux missing', ''),
  ]),
);
