// The reader's pure parts and keys, the message log's notices and the job activity fold, without rendering.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { type JobEvent, formatEvent } from '../../src/jobs/events.js';
import { createWorkbenchStore } from '../../src/tui/store/store.js';
import { ROOT } from '../helpers/project.js';
import { BINDINGS, type Scope, keyOf } from '../../src/tui/keys/bindings.js';
import { activeScopes, resolveKey } from '../../src/tui/keys/dispatch.js';
import { type JobActivity, groupProgressLine, noteEvent, secondsLeft } from '../../src/tui/store/job-activity.js';
import { MESSAGE_LOG_SIZE, type MessageLogState, createMessageActions, initMessageLog } from '../../src/tui/store/message-slice.js';
import { messageLogLines } from '../../src/tui/widgets/message-log/message-log-lines.js';
import { findMatches, highlightSegments, movedSideways, stepMatch, wrapLines, wrapText } from '../../src/tui/widgets/reader/reader-reducer.js';

describe('reader helpers', () => {
  it('wraps text and tagged lines without losing a character', () => {
    expect(wrapText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(wrapText('', 3)).toEqual(['']);
    const rows = wrapLines([{ text: 'abcdefgh', tag: { text: 'base', tone: 'base' } }], 9);
    expect(rows.map((r) => r.text)).toEqual(['abcd', 'efgh']);
    expect(rows[1]!.tag?.text).toBe('    ');
  });

  it('finds, steps through (wrapping around) and highlights matches, case-insensitively', () => {
    const texts = [1, 5, 9, 12].map((index) => ({ index, text: index % 2 ? `line ${index} Needle` : `line ${index}` }));
    const found = findMatches(texts, 'needle');
    expect(found).toEqual([1, 5, 9]);
    expect(stepMatch(found, undefined, 1)).toBe(1);
    expect(stepMatch(found, undefined, -1)).toBe(9);
    expect(stepMatch(found, 5, 1)).toBe(9);
    expect(stepMatch(found, 9, 1)).toBe(1);
    expect(stepMatch(found, 1, -1)).toBe(9);
    expect(stepMatch([], 1, 1)).toBeUndefined();
    expect(highlightSegments('a NEEDLE and a needle', 'needle')).toEqual([
      { text: 'a ', match: false },
      { text: 'NEEDLE', match: true },
      { text: ' and a ', match: false },
      { text: 'needle', match: true },
    ]);
  });

  it('scrolls sideways within the longest line', () => {
    expect(movedSideways(0, -8, 200, 80)).toBe(0);
    expect(movedSideways(0, 8, 200, 80)).toBe(8);
    expect(movedSideways(152, 8, 200, 80)).toBe(160);
    expect(movedSideways(160, 8, 200, 80)).toBe(160);
    expect(movedSideways(0, 8, 30, 80)).toBe(0);
  });
});

describe('message log', () => {
  afterEach(() => vi.useRealTimers());

  const slice = () => {
    let state: MessageLogState = initMessageLog();
    const actions = createMessageActions(
      (patch) => {
        state = { ...state, ...patch };
      },
      () => state,
    );
    return { actions, get: () => state };
  };

  it('a background notice (drift, locks) never hides an unseen failure, nor what the user was told in the last 5 s', () => {
    vi.useFakeTimers();
    const { actions, get } = slice();
    actions.say('kept the loaded nodes.json: broken', 'error', { sticky: true });
    actions.say('drift unknown: no credentials', 'warn', { background: true });
    expect(get().message?.text).toBe('kept the loaded nodes.json: broken');
    expect(get().messages.map((m) => m.text)).toContain('drift unknown: no credentials');
    actions.markMessagesSeen();
    actions.say('/instance_type: match 1/3', 'info');
    vi.advanceTimersByTime(4000);
    actions.say('drift: no registry configured', 'warn', { background: true });
    expect(get().message?.text).toBe('/instance_type: match 1/3');
    vi.advanceTimersByTime(1500);
    actions.say('drift: region unreachable', 'warn', { background: true });
    expect(get().message?.text).toBe('drift: region unreachable');
    // What the user does next still shows at once.
    actions.say('started #2 packer:run', 'info');
    expect(get().message?.text).toBe('started #2 packer:run');
  });

  it('drops a transient notice from the status line after its time, never one said after it', () => {
    vi.useFakeTimers();
    const { actions, get } = slice();
    actions.say('✓ #1 done', 'info', { transientMs: 5000 });
    expect(get().message?.text).toBe('✓ #1 done');
    vi.advanceTimersByTime(4999);
    expect(get().message?.text).toBe('✓ #1 done');
    vi.advanceTimersByTime(1);
    expect(get().message).toBeUndefined();
    actions.say('✓ #2 done', 'info', { transientMs: 5000 });
    vi.advanceTimersByTime(1000);
    actions.say('reloaded');
    vi.advanceTimersByTime(5000);
    expect(get().message?.text).toBe('reloaded');
    expect(get().messages.map((m) => m.text)).toEqual(['✓ #1 done', '✓ #2 done', 'reloaded']);
  });

  it('keeps an unseen failure over transient notices until the log is read, and stays bounded', () => {
    const { actions, get } = slice();
    actions.say('✗ #1 failed: why', 'error', { sticky: true });
    actions.say('✓ #2 done', 'info', { transientMs: 5000 });
    expect(get().message?.text).toBe('✗ #1 failed: why');
    expect(get().unseenErrors).toBe(1);
    actions.markMessagesSeen();
    actions.say('✓ #3 done', 'info', { transientMs: 5000 });
    expect(get().message?.text).toBe('✓ #3 done');
    for (let i = 0; i < MESSAGE_LOG_SIZE + 10; i++) actions.keepMessage(`m${i}`, 'info');
    expect(get().messages).toHaveLength(MESSAGE_LOG_SIZE);
    expect(get().messages.at(-1)?.text).toBe(`m${MESSAGE_LOG_SIZE + 9}`);
  });

  it('lists messages newest first, whole, wrapped to the width', () => {
    const lines = messageLogLines(
      [
        { text: 'old', level: 'info', at: 0 },
        { text: `new ${'x'.repeat(30)}\nsecond line`, level: 'error', at: 1000 },
      ],
      20,
    );
    expect(lines[0]!.text).toBe('00:00:01 error');
    expect(lines.slice(1, 4).map((l) => l.text)).toEqual(['  new xxxxxxxxxxxxxx', 'xxxxxxxxxxxxxxxx', '  second line']);
    expect(lines.at(-1)!.text).toBe('  old');
  });
});

describe('job activity', () => {
  const at = 1_000_000;
  const event = (e: Record<string, unknown>): JobEvent => ({ at, ...e }) as JobEvent;

  it("follows the current group, each group's progress and a timed wait until the next step", () => {
    const activity: JobActivity = { group: undefined, byGroup: new Map(), wait: undefined };
    noteEvent(activity, event({ type: 'progress', current: 9, total: 9, group: 'a' }));
    noteEvent(activity, event({ type: 'result', data: {}, group: 'a' }));
    noteEvent(activity, event({ type: 'progress', current: 3, total: 9, group: 'b' }));
    expect(activity.group).toBe('b');
    expect(groupProgressLine(['a', 'b', 'c'], activity)).toBe('a ✓ 9/9 · b 3/9 · c -');
    noteEvent(activity, event({ type: 'wait', label: 'b drain', seconds: 30, group: 'b' }));
    expect(secondsLeft(activity, at)).toBe(30);
    expect(secondsLeft(activity, at + 10_500)).toBe(20);
    expect(secondsLeft(activity, at + 30_000)).toBeUndefined();
    // A progress event leaves the wait; the next step ends it.
    noteEvent(activity, event({ type: 'progress', current: 4, total: 9, group: 'b' }));
    expect(secondsLeft(activity, at + 1000)).toBe(29);
    noteEvent(activity, event({ type: 'step', name: 'retire', group: 'b' }));
    expect(secondsLeft(activity, at + 1000)).toBeUndefined();
    // The wait prints no line of its own (the action says it in words); --json carries it.
    expect(formatEvent(event({ type: 'wait', label: 'b drain', seconds: 30 }))).toBeUndefined();
  });

  it('keeps a new fleet status error whole in the message log, once', () => {
    const store = createWorkbenchStore(loadConfig(join(ROOT, 'nodes.json')));
    const error = `cannot reach http://127.0.0.1:9: ${'connection refused, '.repeat(6)}end`;
    store.getState().actions.setStatus({ state: 'error', groups: {}, error });
    store.getState().actions.setStatus({ state: 'error', groups: {}, error });
    expect(store.getState().messages.map((m) => m.text)).toEqual([`status error: ${error}`]);
    expect(store.getState().message).toBeUndefined();
  });
});

describe('reader keys', () => {
  it('are rows of the one keymap table: / filters groups but searches logs and details, S saves, m opens the messages', () => {
    expect(keyOf('app.messages')).toBe('m');
    expect(keyOf('reader.save')).toBe('S');
    expect(keyOf('reader.wrap')).toBe('w');
    expect(BINDINGS['reader.right'].keys).toEqual(['right', 'l']);
    expect(BINDINGS['reader.left'].keys).toEqual(['left', 'h']);
    const at = (pane: Scope, key: string) => resolveKey(activeScopes({ modal: undefined, pane }), key)?.command;
    expect(at('groups', '/')).toBe('groups.filter');
    expect(at('jobs', '/')).toBe('reader.search');
    expect(at('log', '/')).toBe('reader.search');
    expect(at('detail', '/')).toBe('reader.search');
    expect(at('log', 'n')).toBe('reader.next');
    expect(at('log', 'N')).toBe('reader.prev');
    expect(at('log', 'escape')).toBe('log.restore');
    expect(at('jobs', 'escape')).toBe('reader.clear');
    expect(at('groups', 's')).toBe('app.services');
    expect(at('log', 'S')).toBe('reader.save');
    expect(resolveKey(activeScopes({ modal: 'search', pane: 'log' }), 'q')).toBeUndefined();
    expect(resolveKey(activeScopes({ modal: 'messages', pane: 'groups' }), 'escape')?.command).toBe('messages.close');
    expect(resolveKey(activeScopes({ modal: 'messages', pane: 'groups' }), 'j')?.command).toBe('cursor.down');
  });
});
