// history.jsonl: one short line per record, read back with zod (a bad line is a warning naming it), secrets never kept.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HangarError } from '../../src/errors.js';
import type { HistoryRecord } from '../../src/history/record.js';
import { LEFT_OUT, redactFlags, scrubJson, secretValues } from '../../src/history/redact.js';
import { MAX_LINE_BYTES, appendRecord, encodeRecord, historyPath, readHistory } from '../../src/history/store.js';
import { changesOf, summarizeJob } from '../../src/history/summarize.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hangar-history-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (over: Partial<HistoryRecord> = {}): HistoryRecord => ({
  v: 1,
  id: 'r1',
  start: '2026-12-01T16:00:00.000Z',
  end: '2026-12-01T16:01:00.000Z',
  by: 'alice@bastion',
  pid: 42,
  from: 'cli',
  action: 'autoscale:update',
  groups: ['web'],
  flags: {},
  state: 'succeeded',
  exit: 0,
  ...over,
});

describe('history store', () => {
  it('appends records and reads them back in order', () => {
    appendRecord(dir, record({ id: 'a' }));
    appendRecord(dir, record({ id: 'b', state: 'failed', exit: 1 }));
    const { entries, warnings } = readHistory(dir);
    expect(warnings).toEqual([]);
    expect(entries.map((e) => [e.line, e.record.id, e.record.state])).toEqual([
      [1, 'a', 'succeeded'],
      [2, 'b', 'failed'],
    ]);
  });

  it('the state folder ignores itself in git: .hangar/.gitignore is written once and kept', () => {
    appendRecord(dir, record({ id: 'a' }));
    const ignore = join(dir, '.hangar', '.gitignore');
    expect(readFileSync(ignore, 'utf8')).toMatch(/^\*$/m);
    writeFileSync(ignore, '*\n!keep\n');
    appendRecord(dir, record({ id: 'b' }));
    expect(readFileSync(ignore, 'utf8')).toBe('*\n!keep\n');
  });

  it('a line that is not a record is a warning naming its line, the others are read', () => {
    appendRecord(dir, record({ id: 'a' }));
    appendFileSync(historyPath(dir), '{"half\n{"v":1,"id":"x"}\n');
    appendRecord(dir, record({ id: 'b' }));
    const { entries, warnings } = readHistory(dir);
    expect(entries.map((e) => e.record.id)).toEqual(['a', 'b']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(`warning: ${historyPath(dir)}:2: not JSON, skipped`);
    expect(warnings[1]).toMatch(new RegExp(`${historyPath(dir)}:3: not a history record \\(.*start.*\\), skipped`));
  });

  it('no history yet: no entries, no warning', () => {
    expect(readHistory(dir)).toEqual({ entries: [], warnings: [] });
  });

  it('keeps every line under PIPE_BUF (one atomic O_APPEND write), cutting long texts and lists and saying so', () => {
    const huge = record({
      summary: 'x'.repeat(20_000),
      error: 'e'.repeat(9_000),
      deleted: Array.from({ length: 500 }, (_, i) => `AMI ami-${i}`),
      groups: ['web'],
    });
    const line = encodeRecord(huge);
    expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(line.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(line) as HistoryRecord;
    expect(parsed.summary).toMatch(/more characters\)$/);
    expect(parsed.deleted).toHaveLength(21);
    expect(parsed.deleted?.at(-1)).toBe('... 480 more');
  });
});

describe('secrets', () => {
  it('flags named like a secret keep their name, never their value', () => {
    expect(redactFlags({ password: 'hunter22', 'api-token': 't0k', key: '/home/a/.ssh/ops.pem', keep: 3 })).toEqual({
      password: LEFT_OUT,
      'api-token': LEFT_OUT,
      key: '/home/a/.ssh/ops.pem',
      keep: 3,
    });
  });

  it('secret values of the environment are scrubbed wherever they appear, and the line stays JSON', () => {
    const secrets = secretValues({ AWS_SECRET_ACCESS_KEY: 'wJalr"XUtnFEMI/K7MDENG', HANGAR_ETCD_PASSWORD: 'pw-1234', HOME: '/root', SHORT_TOKEN: 'ab' });
    expect(secrets).toEqual(['wJalr"XUtnFEMI/K7MDENG', 'pw-1234']);
    const line = encodeRecord(record({ flags: { command: 'echo pw-1234 wJalr"XUtnFEMI/K7MDENG' }, summary: 'pw-1234' }), secrets);
    expect(line).not.toContain('pw-1234');
    expect(line).not.toContain('XUtnFEMI');
    expect(JSON.parse(line).flags.command).toBe(`echo ${LEFT_OUT} ${LEFT_OUT}`);
    expect(scrubJson('"ab"', secrets)).toBe('"ab"');
  });

  it('a password in a URL (an --endpoint with userinfo) never reaches a record', () => {
    const line = encodeRecord(
      record({ flags: { endpoint: 'http://agent:s3cret-pw@127.0.0.1:2379' }, summary: 'etcd http://agent:s3cret-pw@127.0.0.1:2379 down' }),
      [],
    );
    expect(line).not.toContain('s3cret-pw');
    expect(JSON.parse(line).flags.endpoint).toBe('http://agent:***@127.0.0.1:2379');
  });
});

describe('summarizeJob', () => {
  const base = { id: 'j', action: 'autoscale:update', groups: ['web'], flags: {}, startedAt: 0, endedAt: 1000, by: 'a@h', from: 'cli' as const };

  it('a cancel that left work half-done is interrupted, with the command that finishes it', () => {
    const error = new HangarError('autoscale.aborted', 'update of web cancelled while retiring', {
      hint: 'finish it with: hangar autoscale:update web --resume --yes (keeps web-20261201160000, retires the older ASGs)',
    });
    const out = summarizeJob({ ...base, state: 'cancelled', exit: 1, error, events: [] });
    expect(out).toMatchObject({
      state: 'interrupted',
      exit: 1,
      finish: 'hangar autoscale:update web --resume --yes',
      error: 'update of web cancelled while retiring',
    });
  });

  it('a cancel that rolled back is cancelled, with nothing to finish', () => {
    const out = summarizeJob({ ...base, state: 'cancelled', exit: 1, error: new HangarError('autoscale.aborted', 'rolled back'), events: [] });
    expect(out.state).toBe('cancelled');
    expect(out.finish).toBeUndefined();
  });

  it('what AWS actions report as created and deleted', () => {
    expect(changesOf('autoscale:update', { asg: 'web-2', retired: ['web-1'], resumed: false, templateVersion: 3 })).toEqual({
      created: ['ASG web-2', 'launch template version 3'],
      deleted: ['ASG web-1'],
    });
    expect(changesOf('packer:clean', { groups: { web: { removed: ['ami-1', 'ami-2'] } } }).deleted).toEqual(['AMI ami-1', 'AMI ami-2']);
    expect(changesOf('packer:run', { builds: [{ images: [{ region: 'r', imageId: 'ami-9' }] }] }).created).toEqual(['AMI ami-9']);
    expect(changesOf('instance:create', { id: 'i-1' }).created).toEqual(['instance i-1']);
    expect(changesOf('plan', { files: [] })).toEqual({ created: [], deleted: [] });
  });
});

it('appendRecord writes one line per record (file content is exactly the lines)', () => {
  appendRecord(dir, record({ id: 'a' }));
  expect(readFileSync(historyPath(dir), 'utf8').split('\n')).toHaveLength(2);
});
