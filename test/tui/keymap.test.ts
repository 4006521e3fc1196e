// The keymap table: every command has a key and a description; no key is bound twice in one scope.
import { describe, expect, it } from 'vitest';
import { BINDING_LIST, keyOf } from '../../src/tui/keys/bindings.js';
import { activeScopes, footerBindings, resolveKey } from '../../src/tui/keys/dispatch.js';
import { nameOfChar, sequenceOfKey } from '../../src/tui/keys/key-name.js';

const bindings = BINDING_LIST;

describe('keymap table', () => {
  it('gives every command at least one key, a description, a category and a scope', () => {
    expect(bindings.length).toBeGreaterThan(20);
    for (const b of bindings) {
      expect(b.keys.length, b.command).toBeGreaterThan(0);
      expect(b.description.trim().length, b.command).toBeGreaterThan(5);
      expect(b.scopes.length, b.command).toBeGreaterThan(0);
      expect(b.category, b.command).toBeTruthy();
    }
    expect(new Set(bindings.map((b) => b.command)).size).toBe(bindings.length);
  });

  it('takes its command ids from the table: an id without a row does not compile (npm run typecheck checks this line)', () => {
    // @ts-expect-error 'app.nothing' has no row in BINDINGS, so it is no CommandId
    expect(() => keyOf('app.nothing')).toThrow(TypeError);
    expect(keyOf('app.quit')).toBe('q');
  });

  it('has the keys the README documents', () => {
    expect(keyOf('app.quit')).toBe('q');
    expect(keyOf('app.help')).toBe('?');
    expect(keyOf('app.palette')).toBe(':');
    expect(keyOf('groups.filter')).toBe('/');
    expect(keyOf('groups.toggle')).toBe('space');
    expect(keyOf('groups.all')).toBe('a');
    expect(keyOf('groups.none')).toBe('A');
    expect(keyOf('job.cancel')).toBe('ctrl-c');
    expect(keyOf('jobs.maximise')).toBe('enter');
    expect(keyOf('jobs.follow')).toBe('f');
    expect(keyOf('app.services')).toBe('s');
    expect(keyOf('app.next-pane')).toBe('tab');
  });

  it('dispatches by priority: a modal takes every key, a pane wins over global', () => {
    expect(activeScopes({ modal: 'palette', pane: 'groups' })).toEqual(['palette']);
    expect(resolveKey(activeScopes({ modal: 'palette', pane: 'groups' }), 'q')).toBeUndefined();
    expect(resolveKey(activeScopes({ modal: undefined, pane: 'groups' }), 'q')?.command).toBe('app.quit');
    expect(resolveKey(activeScopes({ modal: undefined, pane: 'jobs' }), 'enter')?.command).toBe('jobs.maximise');
    expect(resolveKey(activeScopes({ modal: 'filter', pane: 'groups' }), 'enter')?.command).toBe('filter.apply');
    expect(resolveKey(activeScopes({ modal: 'palette', pane: 'groups' }), 'tab')?.command).toBe('palette.complete');
    expect(resolveKey(activeScopes({ modal: undefined, pane: 'groups' }), 'tab')?.command).toBe('app.next-pane');
  });

  it('builds the footer from the same table', () => {
    const footer = footerBindings(activeScopes({ modal: undefined, pane: 'groups' })).map((b) => b.command);
    expect(footer).toContain('groups.toggle');
    expect(footer).toContain('app.quit');
    expect(footer).not.toContain('palette.run');
  });

  it('maps key names to terminal bytes and typed characters back', () => {
    expect(sequenceOfKey('ctrl-c')).toBe('\x03');
    expect(sequenceOfKey('enter')).toBe('\r');
    expect(sequenceOfKey('j')).toBe('j');
    expect(nameOfChar('\r')).toBe('enter');
    expect(nameOfChar('\x03')).toBe('ctrl-c');
    expect(nameOfChar(' ')).toBe('space');
  });
});
