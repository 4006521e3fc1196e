// The service map view, connected: services -> instances live from the registry, changes highlighted.
import { SERVICE_HEADER, serviceLines } from '../content/service-lines.js';
import type { Layout } from '../layout.js';
import { LinesPane } from './lines-pane.js';
import { useNow, useSlice } from './workbench-context.js';

export function ServiceMap({ layout, height }: { layout: Layout; height: number }) {
  const rows = height - 4;
  const registry = useSlice((s) => s.registry);
  const scroll = useSlice((s) => s.servicesScroll);
  const now = useNow(1000);
  const lines = serviceLines(registry, Math.max(now, Date.now()));
  const state =
    registry.state === 'unavailable'
      ? 'registry not available'
      : registry.state === 'error'
        ? `registry error: ${registry.error ?? 'unknown'}`
        : registry.state === 'connecting'
          ? 'connecting…'
          : `${registry.entries.size} instances · live`;
  const body = lines.length > 0 ? lines : [{ text: registry.state === 'live' ? 'no service registered yet' : state, tone: 'muted' as const }];
  return (
    <LinesPane
      title={`services${registry.description ? ` · ${registry.description.replace(/\s*\(.*\)$/, '')}` : ''}`}
      note={state}
      header={[{ text: SERVICE_HEADER, tone: 'muted' }]}
      lines={body}
      scroll={Math.min(scroll, Math.max(0, body.length - rows))}
      rows={rows}
      width={layout.size.columns}
      height={height}
      focused
    />
  );
}
