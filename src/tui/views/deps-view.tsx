// The dependency view, connected: services → providers (up / draining / missing) → dependents, from nodes.json and the registry.
import { depsLines } from '../content/deps-lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { viewRowsOf } from './group-view.js';
import { LinesPane } from './lines-pane.js';
import { useSlice } from './workbench-context.js';

export function DepsView({ layout, height }: { layout: Layout; height: number }) {
  const config = useSlice((s) => s.config);
  const registry = useSlice((s) => s.registry);
  const status = useSlice((s) => s.status.groups);
  const scroll = useSlice((s) => s.depsScroll);
  const rows = viewRowsOf(height);
  const lines = depsLines({ config, registry: registry.state === 'live' ? registry.entries.values() : undefined, status });
  const shown = scrollWindow(lines.length, scroll, rows);
  const source = registry.state === 'live' ? 'registry live' : `registry ${registry.state === 'unavailable' ? 'not available' : registry.state}`;
  return (
    <LinesPane
      title="dependencies"
      note={[shown.range, source, 'esc back'].filter(Boolean).join(' · ')}
      lines={lines}
      scroll={shown.top}
      rows={rows}
      width={layout.size.columns}
      height={height}
      focused
    />
  );
}
