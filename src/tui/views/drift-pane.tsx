// The detail pane's drift view, connected: the focused group's drift items and fixes, the chosen item highlighted.
import { useRef } from 'react';
import { driftLines } from '../content/drift-lines.js';
import type { Layout } from '../layout.js';
import { scrollTop } from '../widgets/group-list/group-list-reducer.js';
import { LineText } from './line-text.js';
import { PaneBox } from './pane-box.js';
import { useSlice } from './workbench-context.js';

export function DriftPane({ layout, group, title }: { layout: Layout; group: string | undefined; title: string }) {
  const drift = useSlice((s) => s.drift);
  const cursor = useSlice((s) => s.driftCursor);
  const active = useSlice((s) => s.focus === 'detail' && s.view === 'main');
  const { lines, starts, items } = driftLines(drift, group, layout.rightInner);
  const chosen = Math.min(cursor, Math.max(0, items.length - 1));
  const rows = layout.detailRows;
  const top = useRef(0);
  if (items.length > 0) {
    // The chosen item's last line, then its first: the whole item shows when it fits.
    const end = (starts[chosen + 1] ?? lines.length) - 1;
    top.current = scrollTop(scrollTop(top.current, end, rows, lines.length), starts[chosen]!, rows, lines.length);
  } else top.current = 0;
  const count = items.length === 0 ? '' : `${chosen + 1}/${items.length}`;
  return (
    <PaneBox title={title} note={count} width={layout.rightWidth} height={layout.topRows} focused={active}>
      {lines.slice(top.current, top.current + rows).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position on the screen, it has no identity of its own
        <LineText key={i} line={line} inverse={active && items.length > 0 && top.current + i === starts[chosen]} />
      ))}
    </PaneBox>
  );
}
