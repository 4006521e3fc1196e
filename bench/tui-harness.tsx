// Benchmark harness for the workbench (bundled by bench/tui.mjs): the real Ink renderer on a fake terminal.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink';
import { defineAction } from '../src/actions/types.js';
import { loadConfig } from '../src/config/index.js';
import { createTheme } from '../src/tui/theme.js';
import { App } from '../src/tui/views/app.js';
import { createWorkbench } from '../src/tui/workbench.js';

const SIZE = { columns: 100, rows: 30 };
const strip = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** A terminal as Ink sees it: a TTY stdout that records frames, a raw-mode stdin we type into. */
class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = SIZE.columns;
  rows = SIZE.rows;
  last = '';
  private waiters: { check: (frame: string) => boolean; resolve: (at: number) => void }[] = [];
  write = (data: string) => {
    const at = performance.now();
    this.last = data;
    // Frames are only decoded while something waits for one: the harness adds little garbage of its own.
    if (this.waiters.length > 0) {
      const frame = strip(data);
      this.waiters = this.waiters.filter((w) => {
        if (!w.check(frame)) return true;
        w.resolve(at);
        return false;
      });
    }
    return true;
  };
  /** Resolves with the time of the first frame written after now that passes `check`. */
  next(check: (frame: string) => boolean): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }
}

class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

function fleet(n: number): string {
  const doc: Record<string, unknown> = {
    __base__: { region: 'us-east-1', instance_type: 'm1.large', source_ami: 'ami-1ebb2077', ssh_username: 'ubuntu', run_list: ['recipe[apt::default]'] },
  };
  for (let i = 0; i < n; i++) doc[`group-${String(i).padStart(4, '0')}`] = { description: `group ${i}`, run_list: [`recipe[svc::s${i % 20}]`] };
  return JSON.stringify(doc);
}

/** A job writing `rate` lines a second for `seconds`, in 10 ms slices. */
const flood = defineAction({
  name: 'bench:flood',
  summary: 'floods its log',
  groups: 'none',
  flags: { rate: { type: 'number', description: 'lines a second', default: 10_000 }, seconds: { type: 'number', description: 'how long', default: 10 } },
  async run(ctx, _groups, flags) {
    const start = performance.now();
    let written = 0;
    while (performance.now() - start < flags.seconds * 1000 && !ctx.signal.aborted) {
      const due = Math.floor(((performance.now() - start) / 1000) * flags.rate);
      for (; written < due; written++) ctx.emit.log(`flood line ${written} ${'x'.repeat(40)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    ctx.emit.log(`flood done: ${written} lines`);
  },
});

const cursorOn = (name: string) => (frame: string) => frame.split('\n').some((line) => line.includes('›') && line.includes(name));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runBench(groups = 2000) {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-tui-bench-'));
  try {
    writeFileSync(join(dir, 'nodes.json'), fleet(groups));
    const config = loadConfig(join(dir, 'nodes.json'));
    const options = { json: false, yes: false, debug: false, sandbox: false, interactive: true };
    const workbench = createWorkbench({ config, options, catalog: [flood] });
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const renders: number[] = [];
    const first = stdout.next((f) => f.includes('? help'));
    const instance = render(
      <App services={workbench.services} size={{ columns: SIZE.columns, rows: SIZE.rows - 1 }} mode="sandbox" theme={createTheme({})} />,
      {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        exitOnCtrlC: false,
        patchConsole: false,
        maxFps: 30,
        onRender: ({ renderTime }) => renders.push(renderTime),
      },
    );
    workbench.start();
    const keepAlive = setInterval(() => {}, 1000);
    const within = <T,>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
      Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`no frame with ${what} after ${ms} ms; last:\n${strip(stdout.last)}`)))]);
    await within(first, 10_000, 'the footer');

    // 1. Cursor moves on 2,000 groups: key press to the frame that shows the cursor on the next group.
    const moves: number[] = [];
    for (let i = 0; i < 60; i++) {
      const key = i % 2 === 0 ? 'j' : 'k';
      const name = i % 2 === 0 ? 'group-0001' : 'group-0000';
      await sleep(40);
      const t0 = performance.now();
      const seen = stdout.next(cursorOn(name));
      stdin.write(key);
      moves.push((await within(seen, 5000, `the cursor on ${name}`)) - t0);
    }
    const renderTimes = renders.slice(-60);

    const before = process.memoryUsage();
    // 2. A flood of 10,000 lines a second for 10 s while typing: key press to frame, memory at the end.
    stdin.write(':');
    for (const ch of 'bench:flood') stdin.write(ch);
    stdin.write('\r');
    await within(
      stdout.next((f) => f.includes('flood line')),
      10_000,
      'the flood',
    );
    const floodStart = performance.now();
    const latencies: number[] = [];
    let i = 0;
    while (performance.now() - floodStart < 10_000) {
      await sleep(100);
      const name = i % 2 === 0 ? 'group-0001' : 'group-0000';
      const t0 = performance.now();
      const seen = stdout.next(cursorOn(name));
      stdin.write(i % 2 === 0 ? 'j' : 'k');
      latencies.push((await within(seen, 5000, `the cursor on ${name}`)) - t0);
      i++;
    }
    const job = workbench.store.getState().jobs.list[0]!;
    await job.done;
    await sleep(200);
    // RSS as the flood leaves it (no forced GC); then the heap still in use after a GC, to show nothing leaks.
    const rss = process.memoryUsage().rss;
    (globalThis as { gc?: () => void }).gc?.();
    const memory = { rssBefore: before.rss, heapBefore: before.heapUsed, heapAfterGc: process.memoryUsage().heapUsed };
    const lines = job.events.total;
    instance.unmount();
    await workbench.dispose();
    clearInterval(keepAlive);
    return { moves, renderTimes, latencies, rss, memory, lines, frames: renders.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
