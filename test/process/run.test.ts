// The one process runner on local node processes: lines as they come, cancel (kill signal, then SIGKILL after the grace), time limit, capture.
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeCommand } from '../../src/process/command.js';
import { captureProcess, runProcess } from '../../src/process/run.js';
import { waitUntil } from '../helpers/net.js';

const node = (script: string) => ({ file: process.execPath, args: ['-e', script] });

describe('runProcess', () => {
  it('gives stdout and stderr line by line, without line endings, and the exit code', async () => {
    const lines: string[] = [];
    const result = await runProcess(node('process.stdout.write("one\\r\\ntwo\\n"); console.error("three"); process.exit(3)'), { onLine: (l) => lines.push(l) });
    expect(lines).toEqual(expect.arrayContaining(['one', 'two', 'three']));
    expect(lines).not.toContain('one\r');
    expect(result).toMatchObject({ exitCode: 3, cancelled: false, timedOut: false, missing: false });
  });

  it('sends the kill signal on cancel and lets the process end on its own', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const running = runProcess(
      node('process.on("SIGINT", () => { console.log("got SIGINT"); process.exit(7); }); console.log("ready"); setInterval(() => {}, 1000)'),
      {
        signal: controller.signal,
        killSignal: 'SIGINT',
        graceMs: 10_000,
        onLine: (l) => lines.push(l),
      },
    );
    await waitUntil(() => lines.includes('ready'), 10_000, 'the process to start');
    controller.abort();
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(lines).toContain('got SIGINT');
    expect(result.exitCode).toBe(7);
  });

  it('uses SIGTERM by default and kills with SIGKILL when the process outlives the grace', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const started = Date.now();
    const running = runProcess(node('process.on("SIGTERM", () => console.log("ignoring SIGTERM")); console.log("ready"); setInterval(() => {}, 1000)'), {
      signal: controller.signal,
      graceMs: 300,
      onLine: (l) => lines.push(l),
    });
    await waitUntil(() => lines.includes('ready'), 10_000, 'the process to start');
    controller.abort();
    const result = await running;
    expect(lines).toContain('ignoring SIGTERM');
    expect(result).toMatchObject({ cancelled: true, signal: 'SIGKILL', exitCode: undefined });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops a process that runs past its time limit', async () => {
    const result = await runProcess(node('setInterval(() => {}, 1000)'), { timeoutMs: 300, graceMs: 1000 });
    expect(result).toMatchObject({ timedOut: true, cancelled: false, exitCode: undefined });
    expect(result.durationMs).toBeLessThan(5000);
  });

  it('says when the program is missing instead of throwing', async () => {
    const result = await runProcess({ file: '/nonexistent/hangar-no-such-program', args: [] });
    expect(result).toMatchObject({ missing: true, exitCode: undefined });
  });

  it('answers on stdin when asked (converse) and passes the env on', async () => {
    const lines: string[] = [];
    const result = await runProcess(
      {
        ...node('console.log("ask " + process.env.HANGAR_PROCESS_TEST); process.stdin.on("data", (d) => console.log("got " + d.toString().trim()))'),
        env: { HANGAR_PROCESS_TEST: 'yes' },
      },
      { converse: (line) => (line.startsWith('ask') ? Buffer.from('hello\n') : undefined), onLine: (l) => lines.push(l) },
    );
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual(['ask yes', 'got hello']);
  });

  it('with a turn: the process waits on stdin for one newline, then reads the end of stdin; the time limit and the duration count from the turn', async () => {
    const lines: string[] = [];
    let go = (): void => undefined;
    const turn = new Promise<void>((resolve) => (go = resolve));
    const pending = runProcess(
      { file: 'sh', args: ['-c', 'echo waiting; read -r _; echo "turn came"; cat; echo "stdin ended"; sleep 0.2'] },
      { turn, timeoutMs: 1000, onLine: (l) => lines.push(l) },
    );
    await waitUntil(() => lines.includes('waiting'), 5000, 'the process to start');
    // Longer than the time limit: it has not started counting yet.
    await new Promise((r) => setTimeout(r, 1300));
    expect(lines).toEqual(['waiting']);
    go();
    const result = await pending;
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(lines).toEqual(['waiting', 'turn came', 'stdin ended']);
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('with a turn that never comes, a cancel stops the process', async () => {
    const controller = new AbortController();
    const pending = runProcess({ file: 'sh', args: ['-c', 'read -r _; echo ran'] }, { turn: new Promise<void>(() => undefined), signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toMatchObject({ cancelled: true, exitCode: undefined });
  });
});

describe('runProcess output and children', () => {
  it('keeps a line split across writes whole, multi-byte characters included, and gives a last line without a newline', async () => {
    const lines: string[] = [];
    const script =
      'process.stdout.write(Buffer.from("caf\\u00e9 ", "utf8").subarray(0, 4)); setTimeout(() => { process.stdout.write(Buffer.from("caf\\u00e9 ", "utf8").subarray(4)); process.stdout.write("one\\ntwo"); }, 50)';
    const result = await runProcess(node(script), { onLine: (l) => lines.push(l) });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual(['caf\u00e9 one', 'two']);
  });

  it('does not wait for a grandchild that keeps the output open after the process exited', async () => {
    const lines: string[] = [];
    const result = await runProcess({ file: 'sh', args: ['-c', 'sleep 30 & echo "$!"'] }, { onLine: (l) => lines.push(l) });
    const grandchild = Number(lines[0]);
    onTestFinished(() => {
      try {
        process.kill(grandchild, 'SIGKILL');
      } catch {
        // already gone
      }
    });
    expect(lines).toEqual([String(grandchild)]);
    expect(result.exitCode).toBe(0);
    expect(result.durationMs).toBeLessThan(15_000);
  });

  it('kills its running children when hangar is killed by a signal nobody handles', async () => {
    const { execa } = await import('execa');
    const { build } = await import('esbuild');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'hangar-reap-'));
    const runner = join(dir, 'run.mjs');
    await build({
      entryPoints: [new URL('../../src/process/run.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: runner,
      packages: 'external',
      logLevel: 'silent',
    });
    const marker = `hangar-reap-${process.pid}-${Date.now()}`;
    // A parent that runs `sleep` through runProcess; SIGTERM to the parent must take the sleep with it.
    const script = `import(${JSON.stringify(runner)}).then((m) => m.runProcess({ file: 'sh', args: ['-c', 'exec sleep 30 # ${marker}'] }))`;
    const parent = execa(process.execPath, ['-e', script], { reject: false, cwd: process.cwd() });
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sleepers = () => execa('pgrep', ['-f', marker], { reject: false }).then((r) => r.stdout.split('\n').filter(Boolean));
    await waitUntil(async () => (await sleepers()).length > 0, 10_000, 'the child to start');
    parent.kill('SIGTERM');
    const ended = await parent;
    expect(ended.signal).toBe('SIGTERM');
    await waitUntil(async () => (await sleepers()).length === 0, 5000, 'the child to be killed');
  });
});

describe('captureProcess', () => {
  it('keeps stdout and stderr apart', async () => {
    const out = await captureProcess(node('console.log("out"); console.error("err"); process.exit(2)'));
    expect(out).toMatchObject({ exitCode: 2, stdout: 'out', stderr: 'err' });
  });
});

describe('describeCommand', () => {
  it('quotes only the arguments that need it', () => {
    expect(describeCommand({ file: 'packer', args: ['build', "it's here", 'a/b.json'] })).toBe(`packer build 'it'\\''s here' a/b.json`);
  });
});
