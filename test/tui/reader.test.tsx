// Reading logs and the detail pane: wrap, sideways scroll, search with n/N/esc, saving a log to .hangar/logs/.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { computeLayout } from '../../src/tui/layout.js';
import { detailRowsOf } from '../../src/tui/widgets/reader/reader-content.js';
import { tempProject } from '../helpers/project.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { LONG_LINE, LONG_TAIL, chattyAction } from './reader-actions.js';

const after = closeAfterEach();

/** Runs test:chatty, focuses the jobs pane and maximises its log. */
async function openChattyLog(project?: { dir: string }): Promise<Harness> {
  const h = openWorkbench({ catalog: [chattyAction], ...(project ? { config: loadConfig(join(project.dir, 'nodes.json')) } : {}) });
  await h.waitFor('12_04-www');
  h.workbench.services.runner.run(chattyAction, [], {});
  await h.waitFor((f) => /#1 ✓ test:chatty/.test(f));
  h.press('app.next-pane');
  h.press('app.next-pane');
  h.press('jobs.maximise');
  await h.waitFor('line 80');
  return h;
}

describe('reader', () => {
  it('wraps long log lines with w and scrolls them sideways with l and h when not wrapped', async () => {
    const h = await openChattyLog();
    h.press('cursor.top');
    let frame = await h.waitFor('line 9');
    expect(frame).toContain('a long line: 0123');
    expect(frame).not.toContain(LONG_TAIL);

    h.press('reader.wrap');
    frame = await h.waitFor(LONG_TAIL);
    expect(frame).toMatch(/log #1 test:chatty\s+wrap/);
    expect(frame.split('\n').every((line) => line.length <= 100)).toBe(true);

    h.press('reader.wrap');
    frame = await h.waitFor((f) => !f.includes(LONG_TAIL));
    // Sideways: each l moves 8 columns, until the tail shows; h goes back.
    for (let i = 0; i < 20 && !h.frame().includes(LONG_TAIL); i++) {
      h.press('reader.right');
      await h.waitFor(`→${8 * (i + 1)}`);
    }
    frame = h.frame();
    expect(frame).toContain(LONG_TAIL);
    expect(frame).not.toContain('a long line');
    const far = h.store.getState().reading.log.hscroll;
    h.press('reader.left');
    await h.waitFor(`→${far - 8}`);
    h.press('reader.left');
    await h.waitFor(`→${far - 16}`);
    h.store.getState().actions.setReading('log', { hscroll: 0 });
    await h.waitFor('a long line: 0123');
    // Wrapped lines do not scroll sideways: it says why.
    h.press('reader.wrap');
    h.press('reader.right');
    await h.waitFor('w unwraps them');
  });

  it('searches the log: / jumps to the newest match, n and N step through them, esc clears, a second esc restores', async () => {
    const h = await openChattyLog();
    h.press('reader.search');
    await h.waitFor('enter search');
    h.type('NEEDLE');
    await h.waitFor('/NEEDLE');
    h.press('search.apply');
    let frame = await h.waitFor('/NEEDLE: match 3/3');
    expect(frame).toContain('needle-at-70');
    expect(h.store.getState().jobs.follow).toBe(false);

    h.press('reader.next');
    frame = await h.waitFor('match 1/3');
    expect(frame).toContain('needle-at-3');
    expect(frame).not.toContain('needle-at-70');
    h.press('reader.next');
    frame = await h.waitFor('match 2/3');
    expect(frame).toContain('needle-at-40');
    h.press('reader.prev');
    frame = await h.waitFor('match 1/3');
    h.press('reader.prev');
    frame = await h.waitFor('match 3/3');
    expect(frame).toContain('needle-at-70');

    h.press('log.restore');
    frame = await h.waitFor('search cleared');
    expect(frame).toContain('log #1 test:chatty'); // still maximised
    expect(h.store.getState().search).toBeUndefined();
    h.press('log.restore');
    await h.waitFor('12_04-www');

    // No match says so; esc in the search line leaves without searching.
    h.press('reader.search');
    h.type('nothing-like-this');
    h.press('search.apply');
    await h.waitFor('/nothing-like-this: no match');
    h.press('reader.search');
    h.type('x');
    h.press('search.cancel');
    await h.waitFor((f) => !f.includes('enter search'));
    expect(h.store.getState().search?.query).toBe('nothing-like-this');
  });

  it('saves the focused log whole to .hangar/logs/ and says where', async () => {
    const project = tempProject();
    after.cleanup(project.cleanup);
    const h = await openChattyLog(project);
    h.press('reader.save');
    await h.waitFor('saved the log of #1');
    const said = h.store.getState().messages.at(-1)!.text;
    const path = /to (\.hangar\/logs\/\S+\.log)$/.exec(said)?.[1];
    expect(path).toMatch(/^\.hangar\/logs\/1-test-chatty-\d{8}-\d{6}\.log$/);
    const file = join(project.dir, path!);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(LONG_LINE);
    expect(text).toContain('line 80\n');
    expect(text.split('\n')[0]).toMatch(/^# hangar: job #1 test:chatty \(succeeded\)/);
    expect(existsSync(join(project.dir, '.hangar', '.gitignore'))).toBe(true);
  });

  it('searches and wraps the detail pane too; / in the groups pane stays the filter', async () => {
    const h = openWorkbench({ size: { columns: 80, rows: 24 } });
    await h.waitFor('12_04-www');
    h.press('groups.filter');
    await h.waitFor(() => h.store.getState().list.filtering);
    h.type('www');
    h.press('filter.apply');
    await h.waitFor((f) => !f.includes('12_04-bee'));
    h.press('app.next-pane');
    h.press('reader.search');
    await h.waitFor('search the detail pane');
    h.type('instance_type');
    h.press('search.apply');
    const frame = await h.waitFor('/instance_type: match 1/');
    expect(frame).toContain('"instance_type"');
    expect(h.store.getState().search?.target).toBe('detail');
    const layout = computeLayout({ columns: 80, rows: 24 });
    const before = detailRowsOf(h.store.getState(), layout);
    expect(before.some((line) => line.text.length + 7 > layout.rightInner)).toBe(true);
    h.press('reader.wrap');
    await h.waitFor(() => h.store.getState().reading.detail.wrap);
    // Long lines wrap inside the pane: more rows, none wider than the pane, every character kept.
    const after = detailRowsOf(h.store.getState(), layout);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.every((line) => line.text.length + (line.tag ? line.tag.text.length + 1 : 0) <= layout.rightInner)).toBe(true);
    expect(after.map((l) => l.text).join('')).toBe(before.map((l) => l.text).join(''));
    expect(
      h
        .frame()
        .split('\n')
        .every((line) => line.length <= 80),
    ).toBe(true);
    h.press('reader.clear');
    await h.waitFor((f) => !f.includes('/instance_type'));
  });
});
