// The drift view's lines for one group: each item (kind, summary, evidence) and its fix; where each item starts, for the cursor.
import { DRIFT_MARKERS } from '../../drift/marker.js';
import type { DriftFix, DriftItem } from '../../drift/types.js';
import type { DriftView } from '../store/views-slice.js';
import type { Line } from './lines.js';
import { wrapLine } from './wrap.js';

/** A flag value as the palette reads it back: quoted when it holds spaces or quotes. */
function quoted(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An action fix in palette syntax (`packer:run web --canary 1`); a config fix has none. */
export function paletteTextOf(fix: DriftFix): string | undefined {
  if (fix.kind !== 'action') return undefined;
  const flags = Object.entries(fix.flags).flatMap(([flag, value]) =>
    value === true ? [`--${flag}`] : value === false ? [] : [`--${flag}`, quoted(String(value))],
  );
  return [fix.action, ...fix.groups.map(quoted), ...flags].join(' ');
}

/** How a fix reads in the view. */
export function fixText(fix: DriftFix): string {
  return fix.kind === 'action' ? `fix: ${fix.command}` : `fix by hand: ${fix.hint}`;
}

export interface DriftLines {
  lines: Line[];
  /** Index in `lines` of each item's first line. */
  starts: number[];
  items: readonly DriftItem[];
}

/** What the view says when there are no items to show. */
function stateLine(drift: DriftView, group: string): Line {
  if (drift.state === 'unavailable') return { text: 'drift not available: the catalog has no fleet:drift', tone: 'muted' };
  if (drift.state === 'error') return { text: `drift unknown: ${drift.error ?? 'the last read failed'}`, tone: 'warn' };
  if (!drift.groups[group]) return { text: drift.state === 'loading' ? 'reading drift…' : `no drift known for ${group}`, tone: 'muted' };
  return { text: `${group} matches nodes.json: nothing drifts`, tone: 'ok' };
}

/** The view's lines for `group`, wrapped to `width` columns. */
export function driftLines(drift: DriftView, group: string | undefined, width = Number.POSITIVE_INFINITY): DriftLines {
  if (group === undefined) return { lines: [{ text: 'no group', tone: 'muted' }], starts: [], items: [] };
  const items = drift.state === 'error' ? [] : (drift.groups[group] ?? []);
  const lines: Line[] = [];
  const starts: number[] = [];
  if (items.length === 0) lines.push(stateLine(drift, group));
  const add = (line: Line, indent: number) => lines.push(...wrapLine(line, width, indent));
  for (const item of items) {
    starts.push(lines.length);
    add({ text: `${DRIFT_MARKERS[item.kind].padEnd(5)} ${item.summary}`, tone: 'warn', bold: true }, 6);
    for (const fact of item.evidence) add({ text: `      ${fact}`, tone: 'muted' }, 8);
    add({ text: `      ${fixText(item.fix)}`, tone: item.fix.kind === 'action' ? 'accent' : 'plain' }, 8);
  }
  if (items.length > 0) add({ text: 'enter: put the fix into the palette (not run)', tone: 'muted' }, 2);
  if (drift.incomplete) add({ text: 'incomplete: some facts could not be read, drift may be missing', tone: 'warn' }, 2);
  for (const warning of drift.warnings) add({ text: `warning: ${warning}`, tone: 'muted' }, 2);
  return { lines, starts, items };
}
