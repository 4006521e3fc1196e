// The drift report as people read it: one line per item (group, kind, summary, fix), `ok` for a clean group, then a count.
import { formatCount } from '../format/plural.js';
import { formatTable } from '../format/table.js';
import { fixText } from './fix.js';
import type { DriftReport } from './types.js';

/** Items that drift in the report. */
export const driftCount = (report: DriftReport) => report.groups.reduce((n, g) => n + g.items.length, 0);

export function formatDriftReport(report: DriftReport): string {
  const rows = report.groups.flatMap((g) =>
    g.items.length === 0 ? [[g.group, 'ok', 'matches nodes.json', '']] : g.items.map((item) => [item.group, item.kind, item.summary, fixText(item.fix)]),
  );
  const drifting = report.groups.filter((g) => g.items.length > 0).length;
  const count = driftCount(report);
  const total = `${formatCount(report.groups.length, 'group')}: ${drifting ? `${drifting} drifting (${formatCount(count, 'item')}; --json gives the evidence)` : 'no drift'}`;
  return `${formatTable(['GROUP', 'KIND', 'SUMMARY', 'FIX'], rows)}\n${total}`;
}
