// The short drift marker of a group for the workbench's groups pane: `ok`, one kind's tag, or a count when several kinds drift.
import type { DriftItem, DriftKind } from './types.js';

/** Each kind's tag in the groups pane (at most 5 characters, so the column stays narrow). */
export const DRIFT_MARKERS: Readonly<Record<DriftKind, string>> = {
  files: 'files',
  image: 'img',
  rollout: 'roll',
  instances: 'inst',
  registry: 'reg',
  capacity: 'cap',
};

/** `ok` when nothing drifts, the kind's tag when every item is of one kind, else the number of items. */
export function driftMarker(items: readonly DriftItem[]): string {
  if (items.length === 0) return 'ok';
  const kinds = new Set(items.map((item) => item.kind));
  if (kinds.size === 1) return DRIFT_MARKERS[items[0]!.kind];
  return String(items.length);
}
