// The detail pane, connected: merged config, diff vs __base__ or the plan of the focused group (wrap and search from the reader).
import { DETAIL_TITLES } from '../content/detail-lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { DriftPane } from './drift-pane.js';
import { DETAIL_VIEWS } from '../store/types.js';
import { focusedGroup } from '../widgets/group-list/group-list-reducer.js';
import { useMemo } from 'react';
import { detailRows } from '../widgets/reader/reader-content.js';
import { LinesPane } from './lines-pane.js';
import { readerNote } from './reader-note.js';
import { useSlice } from './workbench-context.js';

export function DetailPane({ layout }: { layout: Layout }) {
  const config = useSlice((s) => s.config);
  const name = useSlice((s) => focusedGroup(s.list));
  const detail = useSlice((s) => s.detail);
  const epoch = useSlice((s) => s.jobs.finished);
  const mode = useSlice((s) => s.reading.detail);
  const search = useSlice((s) => (s.search?.target === 'detail' ? s.search : undefined));
  const active = useSlice((s) => s.focus === 'detail' && s.view === 'main');
  const lines = useMemo(
    () => detailRows(config, name, detail.view, epoch, mode.wrap, layout.rightInner),
    [config, name, detail.view, epoch, mode.wrap, layout.rightInner],
  );
  const tabs = DETAIL_VIEWS.map((v) => (v === detail.view ? `[${DETAIL_TITLES[v]}]` : DETAIL_TITLES[v])).join(' ');
  if (detail.view === 'drift') return <DriftPane layout={layout} group={name} title={`${name ?? '-'} ${tabs}`} />;
  const shown = scrollWindow(lines.length, detail.scroll, layout.detailRows);
  return (
    <LinesPane
      title={`${name ?? '-'} ${tabs}`}
      note={[readerNote(mode, search?.query), shown.range].filter(Boolean).join(' · ')}
      lines={lines}
      scroll={shown.top}
      rows={layout.detailRows}
      width={layout.rightWidth}
      height={layout.topRows}
      focused={active}
      highlight={search?.query}
      hscroll={mode.hscroll}
    />
  );
}
