// The message log and the status line: long messages kept whole behind `m`, notices when jobs end, failures kept until seen.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { tempProject } from '../helpers/project.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { FAIL_TAIL, chattyAction, failAction } from './reader-actions.js';

const after = closeAfterEach();
let open: Harness;

/** The status line: the second last row of the frame. */
const statusLine = (frame: string) => frame.split('\n').at(-2) ?? '';

describe('message log', () => {
  it('keeps a long reload error whole: the status line shows its start, m shows all of it, newest first', async () => {
    const project = tempProject();
    after.cleanup(project.cleanup);
    const file = join(project.dir, 'nodes.json');
    open = openWorkbench({ config: loadConfig(file), size: { columns: 80, rows: 24 } });
    await open.waitFor('12_04-www');
    // A nodes.json with an unknown key deep inside: its error names the file and the path, longer than 80 columns.
    writeFileSync(file, JSON.stringify({ __settings__: {}, __base__: {}, web: { instance_type: 7, ami_name_prefix_that_is_not_known: 'x'.repeat(90) } }));
    open.press('app.reload');
    let frame = await open.waitFor('kept the loaded nodes.json');
    const error = open.store.getState().messages.at(-1)!.text;
    expect(error.length).toBeGreaterThan(100);
    expect(statusLine(frame)).toContain('[m]');
    expect(statusLine(frame)).toContain('✗1 unseen: m');

    open.press('app.messages');
    frame = await open.waitFor('newest first');
    // Every word of the error is on the screen (wrapped, not cut).
    const shown = frame.replace(/[│║\s]+/g, '');
    expect(shown).toContain(error.replace(/\s+/g, ''));
    open.press('messages.close');
    frame = await open.waitFor((f) => !f.includes('newest first'));
    expect(statusLine(frame)).not.toContain('unseen');
    expect(frame).toContain('groups 2');
  });

  it('says how each job ended; a failure stays in the status line until the log is read', async () => {
    open = openWorkbench({ catalog: [chattyAction, failAction] });
    await open.waitFor('12_04-www');
    const { runner } = open.workbench.services;
    runner.run(failAction, [], {});
    let frame = await open.waitFor('✗ #1 test:fail failed');
    expect(statusLine(frame)).toContain('✗1 unseen: m');
    // A job that ends well afterwards is kept in the log but does not hide the failure.
    runner.run(chattyAction, [], {});
    await open.waitFor((f) => /#2 ✓ test:chatty/.test(f));
    frame = open.frame();
    expect(statusLine(frame)).toContain('✗ #1 test:fail failed');
    expect(open.store.getState().messages.map((m) => m.text)).toContainEqual(expect.stringMatching(/^✓ #2 test:chatty done in/));

    open.press('app.messages');
    frame = await open.waitFor(FAIL_TAIL);
    expect(frame).toContain('hint: try again later');
    // Newest first: the success notice is above the failure.
    expect(frame.indexOf('✓ #2 test:chatty')).toBeLessThan(frame.indexOf('✗ #1 test:fail'));
    open.press('messages.close');
    frame = await open.waitFor((f) => !f.includes('newest first'));
    expect(statusLine(frame)).not.toContain('unseen');
    // Seen: the next notice takes the status line.
    runner.run(chattyAction, [], {});
    frame = await open.waitFor('✓ #3 test:chatty done in');
  });

  it('scrolls the message log with j/k and keeps it within the screen', async () => {
    // No fleet:status in the catalog: no background status error joins the log.
    open = openWorkbench({ catalog: [], size: { columns: 80, rows: 24 } });
    await open.waitFor('12_04-www');
    for (let i = 1; i <= 30; i++) open.store.getState().actions.say(`message number ${i}`);
    open.press('app.messages');
    let frame = await open.waitFor('newest first');
    expect(frame).toMatch(/1-\d+\/60 j\/k scroll/);
    expect(frame).toContain('message number 30');
    expect(frame).not.toMatch(/message number 1\b/);
    open.press('cursor.bottom');
    frame = await open.waitFor((f) => /message number 1\b/.test(f));
    // The status line below still says the latest; the log's window is at its oldest.
    expect(frame.split('\n').slice(0, -2).join('\n')).not.toContain('message number 30');
    expect(frame.split('\n').every((line) => line.length <= 80)).toBe(true);
    open.press('cursor.top');
    await open.waitFor('message number 30');
  });

  it('replaces a job\'s "started" message when the job ends', async () => {
    open = openWorkbench({ catalog: [chattyAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:chatty');
    open.press('palette.run');
    const frame = await open.waitFor('✓ #1 test:chatty done in');
    expect(statusLine(frame)).not.toContain('started');
  });
});
