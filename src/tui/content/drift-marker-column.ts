// The groups pane's drift column: the short marker of a group (driftMarker), `…` while unknown, `?` when it could not be read.
import { driftMarker } from '../../drift/marker.js';
import type { DriftView } from '../store/views-slice.js';

/** Characters of the column, its leading space included (markers are at most 5). */
export const DRIFT_COLUMN_WIDTH = 6;

/** The marker of `group`, or undefined when there is no drift column (the catalog has no fleet:drift). */
export function driftColumn(drift: DriftView, group: string): string | undefined {
  if (drift.state === 'unavailable') return undefined;
  if (drift.state === 'error') return '?';
  const items = drift.groups[group];
  if (items) return driftMarker(items);
  return drift.state === 'loading' ? '…' : '-';
}
