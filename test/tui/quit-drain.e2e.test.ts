// End to end in tmux: quit the workbench during an update's drain: the dialog says what will be left; after exit the terminal shows what exists.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/store.js';
import { haveBinaries } from '../helpers/binaries.js';
import { launchSmallGroup, writeSmallFleet } from '../helpers/small-fleet.js';
import { tmuxDriver } from '../helpers/tmux.js';
import { CLI } from '../helpers/project.js';

const enabled = haveBinaries('tmux');
const { session, tmux, screenWith } = tmuxDriver('quit', { joined: true, timeoutMs: 20_000 });
const ENV = { HANGAR_SANDBOX_SPEED: '50' };

describe.skipIf(!enabled)('quitting the workbench during a drain (tmux, --sandbox)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-quit-'));

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    writeSmallFleet(dir, { web: 120 }, { timeout: 30 });
    // The simulated build checks what a real one needs: the role on disk and every recipe in a cookbook.
    await launchSmallGroup(dir, 'web', ENV);
    const started = await tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '40',
      '-c',
      dir,
      'env',
      'NO_COLOR=1',
      'HANGAR_SANDBOX_SPEED=50',
      'node',
      CLI,
      '--sandbox',
    );
    expect(started.exitCode, started.stderr).toBe(0);
    await tmux('set-option', '-t', session, 'remain-on-exit', 'on');
  });

  afterAll(async () => {
    await tmux('kill-server');
    rmSync(dir, { recursive: true, force: true });
  });

  it('the confirmation names the two ASGs left and the resume command; the terminal then shows what exists; history says interrupted', async () => {
    await screenWith((s) => s.includes('web') && s.includes('SANDBOX'), 'the first frame');
    await tmux('send-keys', '-t', session, 'Space');
    await screenWith((s) => s.includes('1 selected'), 'the selection');
    await tmux('send-keys', '-t', session, ':', 'autoscale:update', 'Enter');
    await screenWith((s) => s.includes('confirm'), 'the destructive confirmation');
    await tmux('send-keys', '-t', session, 'y');
    await screenWith((s) => s.includes('draining: waiting'), 'the drain', 40_000);

    await tmux('send-keys', '-t', session, 'q');
    const dialog = await screenWith((s) => s.includes('Cancel it and quit?'), 'the quit confirmation');
    expect(dialog).toMatch(/web: two ASGs will stay \(the new one in service, web-\d{14} not retired\)/);
    // The dialog wraps long lines: read it as one line of words.
    const words = dialog.replace(/[║│╔╗╚╝═]/g, ' ').replace(/\s+/g, ' ');
    // The command reaches the sandbox this workbench runs on, not AWS.
    expect(words).toContain('run `hangar autoscale:update web --resume --yes --sandbox`');

    await tmux('send-keys', '-t', session, 'y');
    const after = await screenWith((s) => s.includes('to finish it:'), 'the report on the normal screen', 30_000);
    expect(after).toMatch(/hangar: #\d+ autoscale:update web was cancelled when the workbench closed:/);
    expect(after).toContain('[web] what exists now:');
    expect(after).toMatch(/\[web\] {3}ASG web-\d{14}/);
    expect(after).toContain('to finish it: hangar autoscale:update web --resume --yes --sandbox');

    const record = readHistory(dir)
      .entries.map((e) => e.record)
      .find((r) => r.action === 'autoscale:update');
    expect(record).toMatchObject({ from: 'workbench', state: 'interrupted', groups: ['web'], finish: 'hangar autoscale:update web --resume --yes --sandbox' });
  });
});
