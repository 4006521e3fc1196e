// Live parts of the workbench: the service map from a registry, batched log rendering, NO_COLOR, the maximised log.
import chalk from 'chalk';
import { describe, expect, it } from 'vitest';
import { createTheme } from '../../src/tui/theme.js';
import { MemoryRegistry } from '../../src/registry/memory.js';
import type { ServiceEntry } from '../../src/registry/types.js';
import { waitUntil } from '../helpers/net.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { floodAction, waitAction } from './test-actions.js';

closeAfterEach();
let open: Harness;

const entry = (instance: string, host: string, status: ServiceEntry['status'] = 'up'): ServiceEntry => ({
  service: 'www',
  instance,
  host,
  port: 8080,
  group: '12_04-www',
  status,
  since: new Date(Date.now() - 120_000).toISOString(),
});

describe('service map', () => {
  it('shows services -> instances live, highlights changes and marks draining ones', async () => {
    const registry = new MemoryRegistry({ kind: 'sandbox', description: 'test registry' });
    const first = await registry.register([entry('i-0001', '127.0.0.11')]);
    open = openWorkbench({ openRegistry: async () => registry });
    await open.waitFor('registry test registry');
    open.press('app.services');
    let frame = await open.waitFor('i-0001');
    expect(frame).toContain('www  (1 instance)');
    expect(frame).toMatch(/i-0001\s+127\.0\.0\.11:8080\s+12_04-www\s+up\s+2m/);

    await registry.register([entry('i-0002', '127.0.0.12')]);
    frame = await open.waitFor('i-0002');
    expect(frame).toContain('www  (2 instances)');
    expect(frame).toMatch(/i-0002.*\*/); // a fresh change is marked

    await registry.setStatus('i-0001', 'draining');
    frame = await open.waitFor('DRAINING');
    expect(frame).toMatch(/i-0001.*DRAINING/);

    await first.release();
    frame = await open.waitFor((f) => /i-0001.*gone/.test(f));
    expect(frame).toContain('www  (1 instance)');
    open.press('services.close');
    await open.waitFor('12_04-bee');
  });
});

describe('jobs and logs', () => {
  it('re-renders a flooded log in batches, not once per line', async () => {
    open = openWorkbench({ catalog: [floodAction] });
    await open.waitFor('12_04-www');
    const before = open.app.frames.length;
    open.press('app.palette');
    open.type('test:flood --lines 20000');
    open.press('palette.run');
    await open.waitFor((f) => f.includes('flood line 19999') && f.includes('✓ test:flood'), 10_000);
    const renders = open.app.frames.length - before;
    // 20,000 lines, yet a few dozen frames at most (one per 50 ms tick plus the typing).
    expect(renders).toBeLessThan(200);
    const job = open.store.getState().jobs.list[0]!;
    expect(job.events.length).toBe(5000);
    expect(job.events.total).toBe(20_000);
    expect(open.frame()).toContain('15000 dropped');
  });

  it('maximises the log, stops following, scrolls, follows again', async () => {
    open = openWorkbench({ catalog: [floodAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:flood --lines 300');
    open.press('palette.run');
    await open.waitFor('flood line 299');
    open.press('app.next-pane');
    open.press('app.next-pane');
    await open.waitFor((f) => f.includes('╔') && /║#\d+ ✓ test:flood/.test(f));
    open.press('jobs.maximise');
    let frame = await open.waitFor((f) => !f.includes('groups 2'));
    expect(frame).toContain('flood line 299');
    open.press('cursor.top');
    frame = await open.waitFor((f) => /flood line 0\s/.test(f));
    expect(frame).toContain('line 1/300');
    open.press('cursor.down');
    await open.waitFor('line 2/300');
    open.press('jobs.follow');
    frame = await open.waitFor('following');
    expect(frame).toContain('flood line 299');
    open.press('log.restore');
    await open.waitFor('groups 2');
  });

  it('keeps the running job count and its duration in the jobs pane', async () => {
    open = openWorkbench({ catalog: [waitAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:wait');
    open.press('palette.run');
    const frame = await open.waitFor('1 running');
    expect(frame).toMatch(/#\d+ [⠀-⣿] test:wait 12_04-bee\s+\d+\.\ds/);
    open.press('job.cancel');
    await waitUntil(() => open!.store.getState().jobs.list[0]!.state === 'cancelled', 2000, 'cancel');
  });
});

describe('colours', () => {
  it('uses colours by default and none with NO_COLOR', async () => {
    expect(createTheme({}).accent).toBeDefined();
    expect(Object.values(createTheme({ NO_COLOR: '1' })).filter((v) => typeof v === 'string')).toEqual([]);
    // Ink's chalk sees no TTY under vitest: force a colour level, as a terminal would give.
    const level = chalk.level;
    chalk.level = 1;
    try {
      open = openWorkbench({ color: true });
      const coloured = await open.waitFor('12_04-www');
      expect(coloured).toMatch(/\x1b\[3\dm/);
      await open.close();
      open = openWorkbench({ color: false });
      const plain = await open.waitFor('12_04-www');
      expect(plain).not.toMatch(/\x1b\[3\dm/);
      // The cursor still shows without colours: inverse and a marker.
      expect(plain).toMatch(/\x1b\[7m/);
      expect(plain).toContain('›');
    } finally {
      chalk.level = level;
    }
  });
});
