// The file lock: one holder, named to the next; a gone holder (dead pid, stopped heartbeat) taken over; a live one never.
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLocks } from '../../src/locks/acquire.js';
import { tryFileLock } from '../../src/locks/file-lock.js';
import { describeHolder, newHolder } from '../../src/locks/holder.js';
import { createEmitter, type JobEvent } from '../../src/jobs/events.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hangar-locks-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited (its pid is free now). */
async function deadPid(): Promise<number> {
  const child = execa('node', ['-e', '0']);
  await child;
  return child.pid!;
}

function writeLock(name: string, holder: object, ageMs = 0): string {
  const path = join(dir, `${name}.lock`);
  writeFileSync(path, JSON.stringify(holder));
  const when = new Date(Date.now() - ageMs);
  utimesSync(path, when, when);
  return path;
}

describe('tryFileLock', () => {
  it('takes a free lock, refuses a second taker with the holder, frees on release', async () => {
    const first = tryFileLock('web', newHolder('autoscale:update', ['web']), { dir });
    expect(first.ok).toBe(true);
    const second = tryFileLock('web', newHolder('packer:clean', ['web']), { dir });
    expect(second.ok).toBe(false);
    if (second.ok || !first.ok) throw new Error('unreachable');
    expect(second.holder).toMatchObject({ pid: process.pid, action: 'autoscale:update', groups: ['web'] });
    expect(describeHolder(second.holder)).toMatch(/^\S+@\S+ pid \d+ \(autoscale:update, since .+Z\)$/);
    await first.lock.release();
    expect(tryFileLock('web', newHolder('packer:clean', ['web']), { dir }).ok).toBe(true);
  });

  it('takes over the lock of a dead process of this machine, saying whose it was', async () => {
    const pid = await deadPid();
    writeLock('web', { ...newHolder('autoscale:update', ['web']), pid });
    const taken = tryFileLock('web', newHolder('autoscale:update', ['web']), { dir });
    expect(taken.ok).toBe(true);
    if (!taken.ok) return;
    expect(taken.lock.takenOver?.reason).toBe(`process ${pid} is gone`);
    expect(taken.lock.takenOver?.holder?.pid).toBe(pid);
    expect(JSON.parse(readFileSync(join(dir, 'web.lock'), 'utf8')).pid).toBe(process.pid);
  });

  it('takes over a lock of another host whose heartbeat stopped; keeps one whose heartbeat is fresh', () => {
    const other = { ...newHolder('autoscale:update', ['web']), host: 'elsewhere', pid: 1 };
    writeLock('web', other, 1_000);
    expect(tryFileLock('web', newHolder('x', ['web']), { dir, staleMs: 30_000 }).ok).toBe(false);
    writeLock('web', other, 60_000);
    const taken = tryFileLock('web', newHolder('x', ['web']), { dir, staleMs: 30_000 });
    expect(taken.ok && taken.lock.takenOver?.reason).toMatch(/^no heartbeat for \d+ s$/);
  });

  it('a damaged lock file is held by "an unknown holder" until its heartbeat is stale', () => {
    const path = join(dir, 'web.lock');
    writeFileSync(path, '{"half');
    const busy = tryFileLock('web', newHolder('x', ['web']), { dir });
    expect(busy.ok).toBe(false);
    if (!busy.ok) expect(describeHolder(busy.holder)).toContain('unknown holder');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    expect(tryFileLock('web', newHolder('x', ['web']), { dir }).ok).toBe(true);
  });

  it('the heartbeat keeps the mtime fresh while held', async () => {
    const held = tryFileLock('web', newHolder('x', ['web']), { dir, heartbeatMs: 20 });
    const path = join(dir, 'web.lock');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    await new Promise((r) => setTimeout(r, 100));
    const { statSync } = await import('node:fs');
    expect(Date.now() - statSync(path).mtimeMs).toBeLessThan(5_000);
    if (held.ok) await held.lock.release();
  });
});

describe('acquireLocks', () => {
  const request = (groups: string[], waitMs: number, signal = new AbortController().signal) => {
    const events: JobEvent[] = [];
    return {
      events,
      request: {
        scope: 'groups' as const,
        action: 'autoscale:update',
        groups,
        dir,
        localOnly: false,
        registry: undefined,
        env: {},
        waitMs,
        signal,
        emit: createEmitter((e) => events.push(e)),
      },
    };
  };

  it('all or none: when one group is held, the others taken are released again', async () => {
    const b = await acquireLocks(request(['b'], 0).request);
    await expect(acquireLocks(request(['a', 'b', 'c'], 0).request)).rejects.toThrow(/group b is locked by .* \(autoscale:update, since .*\); nothing was done/);
    const a = await acquireLocks(request(['a', 'c'], 0).request);
    await a.release();
    await b.release();
  });

  it('waits for a held lock up to waitMs, says it waits, then takes it once released', async () => {
    const first = await acquireLocks(request(['web'], 0).request);
    const { request: second, events } = request(['web'], 5_000);
    const waiting = acquireLocks(second);
    setTimeout(() => void first.release(), 300);
    const held = await waiting;
    expect(events.some((e) => e.type === 'log' && e.message.startsWith('waiting for the lock of web, held by'))).toBe(true);
    await held.release();
  });

  it('stops waiting when the job is cancelled', async () => {
    const first = await acquireLocks(request(['web'], 0).request);
    const controller = new AbortController();
    const waiting = acquireLocks(request(['web'], 60_000, controller.signal).request);
    setTimeout(() => controller.abort(new Error('cancelled by user')), 100);
    await expect(waiting).rejects.toThrow('cancelled by user');
    await first.release();
  });
});
