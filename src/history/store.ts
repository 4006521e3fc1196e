// .hangar/history.jsonl: one O_APPEND write of one short line per record (atomic with other writers), read back with zod.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ensureStateDir } from '../fs/state-dir.js';
import { join } from 'node:path';
import { type HistoryEntry, type HistoryRecord, historyRecordSchema } from './record.js';
import { scrubJson } from './redact.js';

/**
 * A line stays under PIPE_BUF (4096 bytes on Linux): one write(2) of it with O_APPEND lands
 * whole and uninterleaved even when several processes append at once.
 */
export const MAX_LINE_BYTES = 4000;

export function historyPath(dir: string): string {
  return join(dir, '.hangar', 'history.jsonl');
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

function shorten(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text.length <= max) return text;
  return `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

/** The record as one JSON line of at most MAX_LINE_BYTES: long texts and lists are cut, saying so. */
export function encodeRecord(record: HistoryRecord, secrets: readonly string[] = []): string {
  let current = record;
  for (const max of [1500, 600, 200, 60, 0]) {
    const line = `${scrubJson(JSON.stringify(current), secrets)}\n`;
    if (bytes(line) <= MAX_LINE_BYTES) return line;
    const cut = (list: string[] | undefined) => (list && list.length > 20 ? [...list.slice(0, 20), `... ${list.length - 20} more`] : list);
    current = {
      ...current,
      summary: shorten(record.summary, max),
      error: shorten(record.error, max),
      ...(record.created ? { created: cut(record.created) } : {}),
      ...(record.deleted ? { deleted: cut(record.deleted) } : {}),
      ...(max === 0 ? { flags: { note: '(flags too long to keep)' } } : {}),
    };
  }
  return `${scrubJson(JSON.stringify({ ...current, groups: current.groups.slice(0, 20) }), secrets)}\n`;
}

/** Appends one record: a single write of a single line to a file opened with O_APPEND. */
export function appendRecord(dir: string, record: HistoryRecord, secrets: readonly string[] = []): void {
  const path = historyPath(dir);
  ensureStateDir(dir);
  const line = Buffer.from(encodeRecord(record, secrets), 'utf8');
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, line);
  } finally {
    closeSync(fd);
  }
}

/** Every record of the file, oldest first; a line that is not a record is a warning naming it, never a crash. */
export function readHistory(dir: string): { entries: HistoryEntry[]; warnings: string[] } {
  let text: string;
  try {
    text = readFileSync(historyPath(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], warnings: [] };
    throw error;
  }
  const entries: HistoryEntry[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const where = `${historyPath(dir)}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      warnings.push(`warning: ${where}: not JSON, skipped`);
      return;
    }
    const parsed = historyRecordSchema.safeParse(value);
    if (parsed.success) entries.push({ line: index + 1, record: parsed.data });
    else
      warnings.push(
        `warning: ${where}: not a history record (${parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`).join('; ')}), skipped`,
      );
  });
  return { entries, warnings };
}
