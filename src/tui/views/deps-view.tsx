// The dependency view, connected: services → providers (up / draining / missing) → dependents, from nodes.json and the registry.
import { depsLines } from '../content/deps-lines.js';
import type { Layout } from '../layout.js';
import { FullView } from './full-view.js';
import { useSlice } from './workbench-context.js';

export function DepsView({ layout, height }: { layout: Layout; height: number }) {
  const config = useSlice((s) => s.config);
  const registry = useSlice((s) => s.registry);
  const status = useSlice((s) => s.status.groups);
  const scroll = useSlice((s) => s.depsScroll);
  const lines = depsLines({ config, registry: registry.state === 'live' ? registry.entries.values() : undefined, status });
  const source = registry.state === 'live' ? 'registry live' : `registry ${registry.state === 'unavailable' ? 'not available' : registry.state}`;
  return <FullView layout={layout} height={height} title="dependencies" lines={lines} scroll={scroll} notes={[source, 'esc back']} />;
}
