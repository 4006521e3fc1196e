// The group view, connected: one group's ASGs, instances, AMIs and drift, full width, scrolled with the cursor keys.
import { formatAge } from '../../format/time.js';
import { groupLines } from '../content/group-lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { LinesPane } from './lines-pane.js';
import { useNow, useSlice } from './workbench-context.js';

/** Content rows of a full-width view of `height` rows (borders and title). */
export const viewRowsOf = (height: number) => Math.max(1, height - 3);

export function GroupView({ layout, height }: { layout: Layout; height: number }) {
  const view = useSlice((s) => s.groupView);
  const entries = useSlice((s) => s.registry.entries);
  const drift = useSlice((s) => (s.groupView && s.drift.state !== 'error' ? s.drift.groups[s.groupView.name] : undefined));
  const now = useNow(5000);
  if (!view) return null;
  const rows = viewRowsOf(height);
  const lines = groupLines({ view, registry: entries.values(), drift, now: Math.max(now, view.at ?? 0), width: layout.fullInner });
  const shown = scrollWindow(lines.length, view.scroll, rows);
  const read = view.state === 'loading' ? 'reading…' : view.at ? `read ${formatAge(Math.max(0, now - view.at))} ago` : '';
  return (
    <LinesPane
      title={`group ${view.name}${view.detail ? ` · ${view.detail.region}` : ''}`}
      note={[shown.range, read, `: acts on ${view.name}`].filter(Boolean).join(' · ')}
      lines={lines}
      scroll={shown.top}
      rows={rows}
      width={layout.size.columns}
      height={height}
      focused
    />
  );
}
