// The palette checks before it runs (required flags, ranges, groups), hints in palette syntax, recalls history, edits the line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instanceCreate } from '../../src/actions/instance-actions.js';
import { defineAction } from '../../src/actions/types.js';
import { PALETTE_HISTORY_LIMIT, openPaletteHistory } from '../../src/tui/services/palette-history.js';
import { initPalette, paletteReducer } from '../../src/tui/widgets/palette/palette-reducer.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';

const echoAction = defineAction({
  name: 'test:echo',
  summary: 'says its groups',
  groups: 'required',
  flags: { times: { type: 'number', short: 'n', integer: true, min: 1, max: 5, default: 1, description: 'how often' } },
  async run(ctx, groups, flags) {
    ctx.emit.log(`echo ${groups.join(' ')} x${flags.times}`);
  },
});

closeAfterEach();
let open: Harness;

const inputLine = (frame: string) => frame.split('\n').find((line) => line.includes(':test') || line.includes(':instance')) ?? '';

describe('a palette that checks before it runs', () => {
  it('says a required flag is missing as it is typed, with an example in palette syntax on a real group, and does not start', async () => {
    open = openWorkbench({ catalog: [instanceCreate] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('instance:create 12_04-www');
    const frame = await open.waitFor('needs --key PATH and --name NAME');
    expect(frame).toContain('e.g. :instance:create 12_04-www --key PATH --name NAME');
    expect(frame).not.toContain('hangar instance:create');
    open.press('palette.run');
    await open.waitFor('needs --key PATH');
    expect(open.store.getState().jobs.list).toHaveLength(0);
    expect(open.store.getState().modal?.kind).toBe('palette');
  });

  it('says a value out of range and an unknown group before enter', async () => {
    open = openWorkbench({ catalog: [echoAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:echo 12_04-www -n 9');
    await open.waitFor('expects a whole number from 1 to 5, got "9"');
    open.press('palette.kill-word');
    open.type('2');
    await open.waitFor((f) => inputLine(f).includes(':test:echo 12_04-www -n 2') && !f.includes('expects a whole number'));
    open.press('palette.line-start');
    open.press('palette.kill-end');
    open.type('test:echo nosuch');
    await open.waitFor('unknown group "nosuch"');
    open.press('palette.run');
    expect(open.store.getState().jobs.list).toHaveLength(0);
  });

  it('recalls earlier commands with ↑/↓ on an empty or recalled line, and moves between suggestions otherwise', async () => {
    open = openWorkbench({ catalog: [echoAction] });
    await open.waitFor('12_04-www');
    for (const line of ['test:echo 12_04-www', 'test:echo 12_04-bee -n 2']) {
      open.press('app.palette');
      open.type(line);
      open.press('palette.run');
      await open.waitFor(`echo ${line.split(' ')[1]}`);
    }
    open.press('app.palette');
    open.press('palette.prev');
    await open.waitFor((f) => inputLine(f).includes(':test:echo 12_04-bee -n 2'));
    open.press('palette.prev');
    await open.waitFor((f) => inputLine(f).includes(':test:echo 12_04-www'));
    open.press('palette.next');
    await open.waitFor((f) => inputLine(f).includes(':test:echo 12_04-bee -n 2'));
    open.press('palette.next');
    await open.waitFor((f) => !/:test:echo/.test(inputLine(f)));
    expect(open.store.getState().modal).toMatchObject({ palette: { text: '' } });
    // A line typed by hand: ↑ moves the suggestion, the text stays.
    open.type('test:echo 12_04-');
    await open.waitFor('12_04-www');
    open.press('palette.prev');
    await open.waitFor(() => (open!.store.getState().modal as { palette: { choice: number } }).palette.choice === 1);
    expect(open.store.getState().modal).toMatchObject({ palette: { text: 'test:echo 12_04-' } });
  });

  it('ctrl-a then typing inserts at the start; ctrl-e, ctrl-u, ctrl-k, ctrl-w edit the line', () => {
    const run = (state: ReturnType<typeof initPalette>, ...actions: Parameters<typeof paletteReducer>[1][]) => actions.reduce(paletteReducer, state);
    const line = initPalette('packer:clean web -n 3');
    expect(run(line, { type: 'edit', kind: 'kill-word' })).toMatchObject({ text: 'packer:clean web -n ', cursor: 20 });
    expect(run(line, { type: 'edit', kind: 'start' }, { type: 'type', text: ':' })).toMatchObject({ text: ':packer:clean web -n 3', cursor: 1 });
    expect(run(line, { type: 'edit', kind: 'start' }, { type: 'edit', kind: 'kill-end' })).toMatchObject({ text: '', cursor: 0 });
    const middle = run(line, ...Array.from({ length: 4 }, () => ({ type: 'edit', kind: 'left' }) as const));
    expect(middle.cursor).toBe(17);
    expect(run(middle, { type: 'edit', kind: 'kill-start' })).toMatchObject({ text: '-n 3', cursor: 0 });
    expect(run(middle, { type: 'erase' })).toMatchObject({ text: 'packer:clean web-n 3', cursor: 16 });
    expect(run(middle, { type: 'edit', kind: 'end' }).cursor).toBe(21);
    expect(run(initPalette(''), { type: 'erase' }, { type: 'edit', kind: 'kill-word' })).toMatchObject({ text: '', cursor: 0 });
  });
});

describe('.hangar/palette-history', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hangar-palette-'));
    dirs.push(dir);
    return dir;
  };

  it('keeps commands across runs, a repeat moved to the end, at most the limit', () => {
    const dir = tempDir();
    const first = openPaletteHistory(dir).history;
    expect(first.add('role:create web')).toBeUndefined();
    first.add('plan');
    first.add('role:create web');
    expect(openPaletteHistory(dir).history.lines()).toEqual(['plan', 'role:create web']);
    for (let i = 0; i < PALETTE_HISTORY_LIMIT + 20; i++) first.add(`plan ${i}`);
    const again = openPaletteHistory(dir);
    expect(again.warning).toBeUndefined();
    expect(again.history.lines()).toHaveLength(PALETTE_HISTORY_LIMIT);
    expect(again.history.lines().at(-1)).toBe(`plan ${PALETTE_HISTORY_LIMIT + 19}`);
    expect(JSON.parse(readFileSync(join(dir, '.hangar', 'palette-history'), 'utf8')).version).toBe(1);
  });

  it('a file that is not a history is a warning and a new history, never a crash', () => {
    for (const bad of ['not json', '{"version": 2, "lines": []}', '{"version": 1, "lines": [3]}']) {
      const dir = tempDir();
      mkdirSync(join(dir, '.hangar'));
      writeFileSync(join(dir, '.hangar', 'palette-history'), bad);
      const opened = openPaletteHistory(dir);
      expect(opened.warning).toContain('is not a palette history');
      expect(opened.history.lines()).toEqual([]);
      opened.history.add('plan');
      expect(openPaletteHistory(dir).history.lines()).toEqual(['plan']);
    }
  });
});
