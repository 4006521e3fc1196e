// The service map view, connected: services -> instances live from the registry, changes highlighted.
import { SERVICE_HEADER, serviceLines } from '../content/service-lines.js';
import type { Line } from '../content/lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { LinesPane } from './lines-pane.js';
import { useNow, useSlice } from './workbench-context.js';

/** What the map says when it lists nothing: why, and how to configure a registry when there is none. */
function emptyLines(registry: string, state: string): Line[] {
  if (registry === 'live') return [{ text: 'no service registered yet', tone: 'muted' }];
  if (registry !== 'unavailable') return [{ text: state, tone: 'muted' }];
  return [
    { text: 'registry not available: no etcd is configured for this project.', tone: 'warn' },
    { text: 'Set HANGAR_ETCD_ENDPOINTS=http://127.0.0.1:2379 (comma-separated) in the environment,', tone: 'muted' },
    { text: 'or "__settings__": { "registry": { "endpoints": ["http://127.0.0.1:2379"] } } in nodes.json,', tone: 'muted' },
    { text: 'then restart the workbench (--sandbox derives a registry from the sandbox instances).', tone: 'muted' },
  ];
}

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
  const body = lines.length > 0 ? lines : emptyLines(registry.state, state);
  return (
    <LinesPane
      title={`services${registry.description ? ` · ${registry.description.replace(/\s*\(.*\)$/, '')}` : ''}`}
      note={state}
      header={[{ text: SERVICE_HEADER, tone: 'muted' }]}
      lines={body}
      scroll={scrollWindow(body.length, scroll, rows).top}
      rows={rows}
      width={layout.size.columns}
      height={height}
      focused
    />
  );
}
