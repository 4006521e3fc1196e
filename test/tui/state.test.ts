// Pure reducers of the group list and the palette, and the palette's command planning.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineAction } from '../../src/actions/types.js';
import { loadConfig } from '../../src/config/index.js';
import { planCommand } from '../../src/tui/services/plan-command.js';
import { parseFleetStatus } from '../../src/tui/services/status-poller.js';
import { groupListReducer, initGroupList, scrollTop, targetGroups } from '../../src/tui/widgets/group-list/group-list-reducer.js';
import { initPalette, paletteReducer, suggest } from '../../src/tui/widgets/palette/palette-reducer.js';
import { ROOT } from '../helpers/project.js';

const names = ['12_04-bee', '12_04-www', 'db', 'web-a', 'web-b'];

describe('group list reducer', () => {
  it('moves within bounds', () => {
    let s = initGroupList(names);
    s = groupListReducer(s, { type: 'move', by: -1 });
    expect(s.cursor).toBe(0);
    s = groupListReducer(s, { type: 'move', by: 10 });
    expect(s.cursor).toBe(4);
    s = groupListReducer(s, { type: 'moveTo', index: -2 });
    expect(s.cursor).toBe(3);
  });

  it('filters by substring and keeps the cursor on the same group', () => {
    let s = groupListReducer(initGroupList(names), { type: 'moveTo', index: 3 }); // web-a
    s = groupListReducer(s, { type: 'startFilter' });
    for (const ch of 'web') s = groupListReducer(s, { type: 'typeFilter', text: ch });
    expect(s.visible).toEqual(['web-a', 'web-b']);
    expect(s.visible[s.cursor]).toBe('web-a');
    s = groupListReducer(s, { type: 'eraseFilter' });
    expect(s.filter).toBe('we');
    s = groupListReducer(s, { type: 'clearFilter' });
    expect(s.visible).toEqual(names);
    expect(s.filtering).toBe(false);
  });

  it('selects one, all shown, none; targets are the selection in file order, else the focused group', () => {
    let s = initGroupList(names);
    expect(targetGroups(s)).toEqual(['12_04-bee']);
    s = groupListReducer(s, { type: 'moveTo', index: 2 });
    s = groupListReducer(s, { type: 'toggle' });
    s = groupListReducer(s, { type: 'moveTo', index: 0 });
    s = groupListReducer(s, { type: 'toggle' });
    expect(targetGroups(s)).toEqual(['12_04-bee', 'db']);
    s = groupListReducer(s, { type: 'toggle' });
    expect(targetGroups(s)).toEqual(['db']);
    for (const ch of 'web') s = groupListReducer(s, { type: 'typeFilter', text: ch });
    s = groupListReducer(s, { type: 'selectAll' });
    expect(targetGroups(s)).toEqual(['db', 'web-a', 'web-b']);
    s = groupListReducer(s, { type: 'selectNone' });
    expect(s.selected.size).toBe(0);
  });

  it('scrolls the window as little as possible', () => {
    expect(scrollTop(0, 5, 10, 100)).toBe(0);
    expect(scrollTop(0, 12, 10, 100)).toBe(3);
    expect(scrollTop(3, 2, 10, 100)).toBe(2);
    expect(scrollTop(95, 99, 10, 100)).toBe(90);
  });
});

describe('palette', () => {
  const entries = [
    { name: 'packer:create', summary: 'write packer', flags: [] },
    { name: 'packer:clean', summary: 'clean AMIs', flags: [{ flag: '--keep', short: 'n', description: 'keep N' }] },
    { name: 'role:create', summary: 'write role', flags: [{ flag: '--force', description: 'overwrite' }] },
  ];

  it('completes action names, then groups and flags', () => {
    expect(suggest('pack', entries, names).map((s) => s.value)).toEqual(['packer:create', 'packer:clean']);
    expect(suggest('create', entries, names).map((s) => s.value)).toEqual(['packer:create', 'role:create']);
    let s = paletteReducer(initPalette('pa'), { type: 'next', count: 2 });
    s = paletteReducer(s, { type: 'complete', suggestions: suggest(s.text, entries, names) });
    expect(s.text).toBe('packer:clean ');
    expect(suggest(s.text, entries, names).map((x) => x.value)).toEqual(['--keep']);
    s = paletteReducer(s, { type: 'type', text: 'we' });
    expect(suggest(s.text, entries, names).map((x) => x.value)).toEqual(['web-a', 'web-b']);
    s = paletteReducer(s, { type: 'erase' });
    expect(s.text).toBe('packer:clean w');
  });
});

describe('planCommand', () => {
  const config = loadConfig(join(ROOT, 'nodes.json'));
  const wipe = defineAction({
    name: 'test:wipe',
    summary: 'wipes',
    groups: 'required',
    destructive: true,
    flags: { keep: { type: 'number', short: 'n', description: 'keep', default: 10 } },
    async run() {},
  });
  const forever = defineAction({ name: 'test:forever', summary: 'runs forever', groups: 'none', longRunning: true, flags: {}, async run() {} });
  const findAction = (name: string) => [wipe, forever].find((a) => a.name === name);

  it('runs on the targets, parses typed flags, asks for destructive actions', () => {
    const plan = planCommand(':test:wipe -n 5', { config, findAction, targets: ['12_04-www'] });
    expect(plan.groups).toEqual(['12_04-www']);
    expect(plan.flags).toEqual({ keep: 5 });
    expect(plan.confirm).toBe(true);
    expect(planCommand('test:wipe --yes', { config, findAction, targets: ['12_04-www'] }).confirm).toBe(false);
  });

  it('lets typed groups (globs) override the selection', () => {
    expect(planCommand("test:wipe '12_04-*'", { config, findAction, targets: ['12_04-www'] }).groups).toEqual(['12_04-bee', '12_04-www']);
  });

  it('refuses long-running actions, unknown actions, bad flags and unknown groups', () => {
    expect(() => planCommand('test:forever', { config, findAction, targets: [] })).toThrow(/runs until stopped/);
    expect(() => planCommand('nope', { config, findAction, targets: [] })).toThrow(/unknown action "nope"/);
    expect(() => planCommand('test:wipe -n x', { config, findAction, targets: ['db'] })).toThrow(/expects a number/);
    expect(() => planCommand('test:wipe 12_04-bea', { config, findAction, targets: [] })).toThrow();
  });
});

describe('fleet status parsing', () => {
  const image = { id: 'ami-2', name: 'g-2', createdAt: '2026-01-01T00:00:00Z', age: '3h' };
  const asg = (healthy: number, desired: number) => ({ name: 'g-1', desired, min: 0, max: 4, healthy, instances: desired });
  const instances = { running: 4, pending: 1, stopped: 0, total: 5 };

  it('reads what fleet:status emits: the newest image, healthy/desired summed over the ASGs, running instances', () => {
    const parsed = parseFleetStatus({ groups: { g: { region: 'us-east-1', image, images: 2, asgs: [asg(2, 2), asg(0, 1)], instances } } });
    expect(parsed).toEqual({ groups: { g: { ami: { id: 'ami-2', created: '2026-01-01T00:00:00Z' }, healthy: 2, desired: 3, running: 4 } } });
  });

  it('a group without an image or an ASG shows none, not zero', () => {
    const parsed = parseFleetStatus({ groups: { g: { region: 'us-east-1', image: null, images: 0, asgs: [], instances: { ...instances, running: 0 } } } });
    expect(parsed).toEqual({ groups: { g: { ami: undefined, healthy: undefined, desired: undefined, running: 0 } } });
  });

  it('names the problem for any other shape (the old fake shape included)', () => {
    expect(parseFleetStatus('nope')).toEqual({ problem: expect.stringMatching(/^fleet:status result not understood at top/) });
    const old = parseFleetStatus({ groups: { g: { ami: { id: 'ami-1', created: 'x' }, healthy: 1, desired: 2, running: 3, asgs: [] } } });
    expect(old).toEqual({ problem: expect.stringMatching(/at groups\.g\.image/) });
    expect(parseFleetStatus({ groups: { g: { image, asgs: [asg(-1, 2)], instances } } })).toEqual({
      problem: expect.stringMatching(/groups\.g\.asgs\.0\.healthy/),
    });
  });
});
