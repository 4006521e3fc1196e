// writeAtomic's temp names are guessable (pid + counter): a link planted at one is never written through.
import { lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeAtomic } from '../../src/fs/atomic-write.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomic', () => {
  it('skips a temp name someone planted a link at: the link target is untouched, the file is written', () => {
    dir = mkdtempSync(join(tmpdir(), 'hangar-atomic-'));
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    // The first names this module will try (its counter starts at 0 in this test file's own module instance).
    for (let n = 0; n < 3; n++) symlinkSync(victim, join(dir, `.role.json.${process.pid}.${n.toString(36)}.tmp`));
    const path = join(dir, 'role.json');
    writeAtomic(path, '{"ok":true}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"ok":true}\n');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    // The planted links are not ours: left as they are; no temp file of ours is left.
    const left = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(left).toHaveLength(3);
    for (const f of left) expect(lstatSync(join(dir, f)).isSymbolicLink()).toBe(true);
  });

  it('gives up with the error after too many taken names, writing nothing through them', () => {
    dir = mkdtempSync(join(tmpdir(), 'hangar-atomic-'));
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    for (let n = 0; n < 64; n++) symlinkSync(victim, join(dir, `.x.json.${process.pid}.${n.toString(36)}.tmp`));
    expect(() => writeAtomic(join(dir, 'x.json'), 'data')).toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});
