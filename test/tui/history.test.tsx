// The workbench and the history: earlier runs listed dimmed below this run's jobs, enter shows a record, each job recorded.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineAction } from '../../src/actions/types.js';
import { loadConfig } from '../../src/config/index.js';
import { HangarError } from '../../src/errors.js';
import type { HistoryRecord } from '../../src/history/record.js';
import { appendRecord, historyPath, readHistory } from '../../src/history/store.js';
import { waitUntil } from '../helpers/net.js';
import { ROOT } from '../helpers/project.js';
import { type Harness, openWorkbench } from './harness.js';
import { waitAction, wipeAction } from './test-actions.js';

const earlier: HistoryRecord = {
  v: 1,
  id: 'old-1',
  start: '2026-11-30T09:15:00.000Z',
  end: '2026-11-30T09:16:40.000Z',
  by: 'alice@bastion',
  pid: 4242,
  from: 'cli',
  action: 'autoscale:update',
  groups: ['12_04-www'],
  flags: { strategy: 'redblack' },
  state: 'interrupted',
  exit: 1,
  error: 'ASG 12_04-www-20261130091500 is healthy and in service, but retiring stopped',
  finish: 'hangar autoscale:update 12_04-www --resume --yes',
};

describe('workbench history', () => {
  let dir: string;
  let open: Harness | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hangar-tui-history-'));
    cpSync(join(ROOT, 'nodes.json'), join(dir, 'nodes.json'));
  });
  afterEach(async () => {
    await open?.close();
    open = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists earlier runs dimmed below this run's jobs; enter on one shows its record", async () => {
    appendRecord(dir, { ...earlier, id: 'old-0', action: 'role:create', state: 'succeeded', exit: 0, error: undefined, finish: undefined } as HistoryRecord);
    appendRecord(dir, earlier);
    open = openWorkbench({ config: loadConfig(join(dir, 'nodes.json')), catalog: [wipeAction], history: true });
    let frame = await open.waitFor('2 earlier');
    // Newest first.
    expect(frame).toMatch(/· ! autoscale:updat… 11-30 09:15 alice/);
    expect(frame.indexOf('· ! autoscale:updat')).toBeLessThan(frame.indexOf('· ✓ role:create'));

    open.press('app.palette');
    open.type('test:wipe 12_04-www');
    open.press('palette.run');
    await open.waitFor('is destructive');
    open.press('confirm.yes');
    frame = await open.waitFor('wiped 12_04-www');
    // This run's job first, then the earlier ones.
    expect(frame.indexOf('#1 ✓ test:wipe')).toBeLessThan(frame.indexOf('· ! autoscale:updat'));

    open.store.getState().actions.focusPane('jobs');
    open.press('cursor.down');
    frame = await open.waitFor('run autoscale:update');
    open.press('jobs.maximise');
    await open.waitFor('left half-done: finish it with: hangar autoscale:update 12_04-www --resume --yes');
    frame = await open.waitFor('by        alice@bastion (pid 4242, cli)');
    expect(frame).toContain('flags     --strategy redblack');

    // The job run here was recorded, from the workbench.
    await waitUntil(() => readHistory(dir).entries.length === 3, 5000, 'the record of the job');
    expect(readHistory(dir).entries.at(-1)!.record).toMatchObject({ action: 'test:wipe', from: 'workbench', state: 'succeeded', groups: ['12_04-www'] });
  });

  it('a failed job is recorded as failed, with its error and exit code', async () => {
    const failAction = defineAction({
      name: 'test:fail',
      summary: 'fails',
      groups: 'required',
      flags: { password: { type: 'string', description: 'a secret' } },
      async run() {
        throw new HangarError('test.fail', 'it broke');
      },
    });
    open = openWorkbench({ config: loadConfig(join(dir, 'nodes.json')), catalog: [failAction], history: true });
    open.press('app.palette');
    open.type('test:fail 12_04-bee --password hunter2-secret');
    open.press('palette.run');
    await open.waitFor('✗ test:fail');
    await waitUntil(() => readHistory(dir).entries.length === 1, 5000, 'the record');
    expect(readHistory(dir).entries[0]!.record).toMatchObject({
      action: 'test:fail',
      from: 'workbench',
      state: 'failed',
      exit: 1,
      error: 'it broke',
      flags: { password: '(left out)' },
    });
    expect(readFileSync(historyPath(dir), 'utf8')).not.toContain('hunter2');
  });

  it('a cancelled job is recorded as cancelled; a damaged history line is a warning, not a crash', async () => {
    const { appendFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, '.hangar'), { recursive: true });
    appendFileSync(historyPath(dir), 'not json\n');
    open = openWorkbench({ config: loadConfig(join(dir, 'nodes.json')), catalog: [waitAction], history: true });
    await open.waitFor('1 unreadable history line skipped');
    open.press('app.palette');
    open.type('test:wait');
    open.press('palette.run');
    await open.waitFor('waiting on');
    open.press('job.cancel');
    await open.waitFor('⊘ test:wait');
    await waitUntil(() => readHistory(dir).entries.length === 1, 5000, 'the record');
    expect(readHistory(dir).entries[0]!.record).toMatchObject({ action: 'test:wait', from: 'workbench', state: 'cancelled', exit: 1 });
  });

  it("another operator's running action shows on its group and as a notice", async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { hostname } = await import('node:os');
    const { newHolder } = await import('../../src/locks/holder.js');
    const locks = join(dir, '.hangar', 'locks', 'groups');
    mkdirSync(locks, { recursive: true });
    // pid 1 is alive and is not this process: a holder of this machine that is not us.
    writeFileSync(join(locks, '12_04-www.lock'), JSON.stringify({ ...newHolder('autoscale:update', ['12_04-www']), user: 'bob', pid: 1 }));
    open = openWorkbench({ config: loadConfig(join(dir, 'nodes.json')), catalog: [waitAction], history: true });
    const frame = await open.waitFor(`bob@${hostname()} is running autoscale:update on 12_04-www`);
    expect(frame).toMatch(/12_04-www ⚑ bob aut…/);
    expect(frame).not.toMatch(/12_04-bee ⚑/);
  });
});
