// Workbench flows with ink-testing-library: move/filter/select, palette jobs, diff pane, help, cancel, confirm, quit.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/actions/catalog.js';
import { loadConfig } from '../../src/config/index.js';
import { BINDING_LIST } from '../../src/tui/keys/bindings.js';
import { labelOfKey } from '../../src/tui/keys/key-name.js';
import { tempProject } from '../helpers/project.js';
import { waitUntil } from '../helpers/net.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { fleetStatusAction, waitAction, wipeAction } from './test-actions.js';

const after = closeAfterEach();
let open: Harness;

const cursorLine = (frame: string) => frame.split('\n').find((line) => line.includes('›')) ?? '';

describe('workbench', () => {
  it('shows the header, every group and the footer', async () => {
    open = openWorkbench();
    const frame = await open.waitFor('12_04-www');
    expect(frame).toContain('hangar');
    expect(frame).toContain('nodes.json');
    expect(frame).toContain('us-east-1');
    expect(frame).toContain('SANDBOX');
    expect(frame).toContain('12_04-bee');
    expect(frame).toContain('? help');
    expect(frame.split('\n').length).toBeLessThanOrEqual(30);
  });

  it('moves, filters and selects', async () => {
    open = openWorkbench();
    await open.waitFor('12_04-www');
    expect(cursorLine(open.frame())).toContain('12_04-bee');
    open.press('cursor.down');
    await open.waitFor((f) => cursorLine(f).includes('12_04-www'));
    open.press('cursor.up');
    await open.waitFor((f) => cursorLine(f).includes('12_04-bee'));

    open.press('groups.filter');
    open.type('www');
    let frame = await open.waitFor('/www');
    expect(frame).toContain('groups 1/2');
    expect(frame).not.toMatch(/12_04-bee\s+-\s+-/);
    open.press('filter.apply');
    open.press('groups.toggle');
    frame = await open.waitFor('1 selected');
    expect(frame).toContain('✓12_04-www');
    expect([...open.store.getState().list.selected]).toEqual(['12_04-www']);

    open.press('groups.filter');
    open.press('filter.clear');
    await open.waitFor('groups 2 ·');
    open.press('groups.all');
    await open.waitFor('2 selected');
    open.press('groups.none');
    frame = await open.waitFor((f) => !f.includes('selected'));
    expect(frame).not.toContain('✓');
  });

  it('runs packer:create from the palette on two selected groups and shows their logs', async () => {
    const project = tempProject();
    after.cleanup(project.cleanup);
    rmSync(join(project.dir, 'packer'), { recursive: true, force: true });
    open = openWorkbench({ config: loadConfig(join(project.dir, 'nodes.json')), catalog });
    await open.waitFor('12_04-www');
    open.press('groups.toggle');
    open.press('cursor.down');
    open.press('groups.toggle');
    await open.waitFor('2 selected');
    open.press('app.palette');
    open.type('packer:cre');
    await open.waitFor('packer:create');
    open.press('palette.complete');
    const typed = await open.waitFor(':packer:create ');
    // The action's usage line comes from the help (src/actions/help.ts), in palette syntax.
    expect(typed).toContain(':packer:create GROUP...: write packer/G.json');
    expect(typed).not.toContain('hangar packer:create');
    open.press('palette.run');
    const frame = await open.waitFor((f) => f.includes('created packer/12_04-www.json') && f.includes('✓'));
    expect(frame).toContain('[12_04-bee] created packer/12_04-bee.json');
    expect(frame).toContain('#');
    expect(frame).toContain('packer:create 12_04-bee 12_04-www');
    expect(existsSync(join(project.dir, 'packer', '12_04-bee.json'))).toBe(true);
    expect(existsSync(join(project.dir, 'packer', '12_04-www.json'))).toBe(true);
  });

  it('shows what the focused group overrides, and the plan', async () => {
    open = openWorkbench();
    await open.waitFor('[config]');
    expect(open.frame()).toMatch(/group\s+"instance_type": "m1.large"/);
    expect(open.frame()).toMatch(/base\s+"region": "us-east-1"/);
    open.press('cursor.down');
    open.press('detail.cycle');
    let frame = await open.waitFor('[vs __base__]');
    expect(frame).toContain('12_04-www config [vs __base__] plan');
    expect(frame).toContain('+  "instance_type": "m3.xlarge"');
    expect(frame).toContain('-  "instance_type": "m1.large"');
    open.press('detail.cycle');
    // The plan view shows "loading the generator…" until the generator's chunk is loaded (after the first frame).
    frame = await open.waitFor('roles/role-12_04-www.json: up to date');
    expect(frame).toContain('[plan]');
  });

  it('lists every binding of the keymap in the help', async () => {
    open = openWorkbench({ size: { columns: 120, rows: 80 } });
    await open.waitFor('12_04-www');
    open.press('app.help');
    const frame = await open.waitFor('Moving around');
    for (const binding of BINDING_LIST) {
      expect(frame, binding.command).toContain(binding.description);
      expect(frame, binding.command).toContain(binding.keys.map(labelOfKey).join(', '));
    }
    open.press('help.close');
    await open.waitFor((f) => !f.includes('Moving around'));
  });

  it('cancels the focused running job with ctrl-c', async () => {
    open = openWorkbench({ catalog: [waitAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:wait');
    open.press('palette.run');
    await open.waitFor('waiting on 12_04-bee');
    const job = open.store.getState().jobs.list[0]!;
    expect(job.state).toBe('running');
    await open.waitFor((f) => /#\d+ [⠀-⣿] test:wait/.test(f));
    open.press('job.cancel');
    const frame = await open.waitFor('⊘ test:wait');
    expect(frame).toContain('stopped waiting');
    expect(await job.done).toBe('cancelled');
  });

  it('asks before a destructive action and runs it only on yes', async () => {
    open = openWorkbench({ catalog: [wipeAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:wipe -n 3');
    open.press('palette.run');
    await open.waitFor('is destructive. Run it?');
    open.press('confirm.no');
    await open.waitFor('nothing done');
    expect(open.store.getState().jobs.list).toHaveLength(0);
    open.press('app.palette');
    open.type('test:wipe 12_04-www -n 3');
    open.press('palette.run');
    // The whole command, with the flags it runs with, then the question.
    await open.waitFor((f) => f.includes('test:wipe 12_04-www --keep 3') && f.includes('is destructive. Run it?'));
    open.press('confirm.yes');
    await open.waitFor('wiped 12_04-www keeping 3');
  });

  it('says what is wrong with a typed command and keeps the palette open', async () => {
    open = openWorkbench({ catalog: [wipeAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:wipe -n lots');
    open.press('palette.run');
    const frame = await open.waitFor('expects a number');
    expect(frame).toContain(':test:wipe -n lots');
    open.press('palette.close');
    await open.waitFor('no jobs yet');
  });

  it('asks before quitting with a running job, then cancels it', async () => {
    open = openWorkbench({ catalog: [waitAction] });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:wait');
    open.press('palette.run');
    await open.waitFor('waiting on');
    open.press('app.quit');
    await open.waitFor('1 job is running. Cancel it and quit?');
    expect(open.store.getState().quitting).toBe(false);
    open.press('confirm.yes');
    await waitUntil(() => open!.store.getState().quitting, 2000, 'quit');
    expect(await open.store.getState().jobs.list[0]!.done).toBe('cancelled');
  });

  it('shows group status from fleet:status, refreshed in the background', async () => {
    open = openWorkbench({ catalog: [fleetStatusAction] });
    const frame = await open.waitFor((f) => /12_04-www\s+3h\s+2\/4\s+7/.test(f));
    expect(frame).toMatch(/12_04-bee\s+3h\s+2\/3\s+7/);
    expect(frame).toContain('status: live');
    // The internal job is not listed.
    expect(frame).toContain('jobs 0');
  });

  it('says "not available" when there is no fleet:status action and no registry', async () => {
    open = openWorkbench({ catalog: [waitAction] });
    const frame = await open.waitFor('status: not available');
    expect(frame).toContain('registry not available');
    open.press('app.services');
    const map = await open.waitFor('INSTANCE');
    expect(map.match(/registry not available/g)?.length).toBeGreaterThanOrEqual(2);
  });
});
