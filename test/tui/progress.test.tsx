// Progress that says what it is about: a spinner on running jobs, the current group's progress, a countdown of timed waits.
import { describe, expect, it } from 'vitest';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { rolloutAction } from './reader-actions.js';

closeAfterEach();
let open: Harness;

/** The job's row in the jobs pane (not the log's title, which also says #1). */
const jobRow = (frame: string) => frame.split('\n').find((line) => /#1 \S test:/.test(line)) ?? '';

describe('job progress', () => {
  it("shows the current group, each group's progress and a live countdown, with a turning spinner", async () => {
    open = openWorkbench({ catalog: [rolloutAction], size: { columns: 100, rows: 30 } });
    await open.waitFor('12_04-www');
    const job = open.workbench.services.runner.run(rolloutAction, ['12_04-bee', '12_04-www'], {});
    if (!job) throw new Error('the workbench has started: the job runs at once');
    // The row: the group the job is at with its progress, and the wait's seconds left.
    let frame = await open.waitFor((f) => /12_04-www 1\/3 ⏱(30|29)s/.test(jobRow(f)));
    const spinner = /#1 ([⠀-⣿]) test:/.exec(jobRow(frame))?.[1];
    expect(spinner).toBeDefined();
    // It moves: another spinner frame.
    await open.waitFor((f) => /#1 ([⠀-⣿]) test:/.exec(jobRow(f))?.[1] !== spinner);

    // Above the (maximised) log: every group's progress, and the wait by name with its countdown going down.
    open.press('app.next-pane');
    open.press('app.next-pane');
    open.press('jobs.maximise');
    frame = await open.waitFor((f) => /12_04-bee ✓ 3\/3 · 12_04-www 1\/3 {2}⏱ 12_04-www drain: (2[0-9]|30) s left/.test(f));
    frame = await open.waitFor((f) => /drain: (2[0-8]) s left/.test(f), 8000);
    open.press('log.restore');
    await open.waitFor('groups 2');
    open.press('job.cancel');
    await job.done;
    frame = await open.waitFor('#1 ⊘ test:rollout');
    expect(frame).not.toContain('s left');
    expect(jobRow(frame)).not.toContain('⏱');
  });
});
