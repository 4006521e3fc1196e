// A history record as people read it: one headline (when, who, what, how it ended) and its changes, one per line.
import type { HistoryRecord } from './record.js';

export function duration(record: HistoryRecord): string {
  const ms = Date.parse(record.end) - Date.parse(record.start);
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** One run in a few lines: when, who, what, how it ended, what it changed, how to finish it. */
export function formatRecord(record: HistoryRecord): string {
  const when = record.start.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  const what = [record.action, ...record.groups].join(' ');
  const lines = [`${when}  ${record.by}  ${what}  ${record.state.toUpperCase()} (exit ${record.exit}, ${duration(record)}, ${record.from})`];
  if (record.error && record.state !== 'succeeded') lines.push(`    error: ${record.error.split('\n')[0]}`);
  if (record.created?.length) lines.push(`    created: ${record.created.join(', ')}`);
  if (record.deleted?.length) lines.push(`    deleted: ${record.deleted.join(', ')}`);
  if (record.finish) lines.push(`    left half-done: finish it with: ${record.finish}`);
  return lines.join('\n');
}

/** Every field of a record, one per line, for the workbench's record view. */
export function recordDetailLines(record: HistoryRecord): string[] {
  const lines = formatRecord(record).split('\n');
  lines.push('', `started   ${record.start}`, `ended     ${record.end}`, `by        ${record.by} (pid ${record.pid}, ${record.from})`);
  const flags = Object.entries(record.flags);
  lines.push(`flags     ${flags.length ? flags.map(([k, v]) => `--${k}${v === true ? '' : ` ${String(v)}`}`).join(' ') : '(none)'}`);
  if (record.summary) lines.push('', ...record.summary.split('\n'));
  return lines;
}
