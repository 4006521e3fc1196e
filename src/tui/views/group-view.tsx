// The group view, connected: one group's ASGs, instances, AMIs and drift, full width, scrolled with the cursor keys.
import { formatAge } from '../../format/time.js';
import { groupLines } from '../content/group-lines.js';
import type { Layout } from '../layout.js';
import { FullView } from './full-view.js';
import { useNow, useSlice } from './workbench-context.js';

export function GroupView({ layout, height }: { layout: Layout; height: number }) {
  const view = useSlice((s) => s.groupView);
  const entries = useSlice((s) => s.registry.entries);
  const drift = useSlice((s) => (s.groupView && s.drift.state !== 'error' ? s.drift.groups[s.groupView.name] : undefined));
  const now = useNow(5000);
  if (!view) return null;
  const lines = groupLines({ view, registry: entries.values(), drift, now: Math.max(now, view.at ?? 0), width: layout.fullInner });
  const read = view.state === 'loading' ? 'reading…' : view.at ? `read ${formatAge(Math.max(0, now - view.at))} ago` : '';
  const title = `group ${view.name}${view.detail ? ` · ${view.detail.region}` : ''}`;
  return <FullView layout={layout} height={height} title={title} lines={lines} scroll={view.scroll} notes={[read, `: acts on ${view.name}`]} />;
}
