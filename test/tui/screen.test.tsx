// Screen geometry: nothing wraps or overflows at 80x24, a resize re-lays out, full screen is entered and left.
import { EventEmitter } from 'node:events';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { enterFullScreen } from '../../src/tui/terminal/full-screen.js';
import { createTheme } from '../../src/tui/theme.js';
import { App } from '../../src/tui/views/app.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { waitAction } from './test-actions.js';

closeAfterEach();
let open: Harness;

const widest = (frame: string) =>
  Math.max(
    ...stripAnsi(frame)
      .split('\n')
      .map((line) => [...line].length),
  );

describe('screen', () => {
  it('fits 80x24 in every view: no line wider than 80, no more than 24 lines', async () => {
    open = openWorkbench({ size: { columns: 80, rows: 24 }, catalog: [waitAction] });
    const check = (frame: string) => {
      expect(widest(frame)).toBeLessThanOrEqual(80);
      expect(stripAnsi(frame).split('\n').length).toBeLessThanOrEqual(24);
      expect(frame).toContain('SANDBOX');
    };
    check(await open.waitFor('? help'));
    open.press('app.palette');
    open.type('test:wait');
    check(await open.waitFor('waits until cancelled'));
    open.press('palette.run');
    check(await open.waitFor('waiting on'));
    open.press('app.help');
    check(await open.waitFor('Moving around'));
    open.press('help.close');
    open.press('app.services');
    check(await open.waitFor('INSTANCE'));
    open.press('services.close');
    open.press('detail.cycle');
    check(await open.waitFor('[vs __base__]'));
    open.press('detail.cycle');
    check(await open.waitFor('[plan]'));
    open.press('job.cancel');
    check(await open.waitFor('⊘'));
  });

  it('lays out again for a new size', async () => {
    open = openWorkbench({ size: { columns: 100, rows: 30 } });
    const wide = await open.waitFor('? help');
    expect(widest(wide)).toBe(100);
    open.app.rerender(<App services={open.workbench.services} size={{ columns: 80, rows: 24 }} mode="sandbox" theme={createTheme({ NO_COLOR: '1' })} />);
    const narrow = await open.waitFor((f) => widest(f) === 80);
    expect(stripAnsi(narrow).split('\n').length).toBe(24);
    expect(narrow).toContain('12_04-www');
  });
});

describe('full screen', () => {
  class Stream extends EventEmitter {
    written = '';
    write(data: string) {
      this.written += data;
      return true;
    }
  }

  it('enters the alternate screen and hides the cursor; leaving restores both, once', () => {
    const stream = new Stream();
    const exits = process.listenerCount('exit');
    const screen = enterFullScreen(stream as unknown as NodeJS.WriteStream);
    expect(stream.written).toContain('\x1b[?1049h');
    expect(stream.written).toContain('\x1b[?25l');
    expect(process.listenerCount('exit')).toBe(exits + 1);
    expect(process.listenerCount('SIGTERM')).toBeGreaterThan(0);
    screen.leave();
    expect(stream.written.endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
    expect(process.listenerCount('exit')).toBe(exits);
    const length = stream.written.length;
    screen.leave();
    expect(stream.written.length).toBe(length);
  });
});
