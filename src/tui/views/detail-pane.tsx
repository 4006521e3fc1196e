// The detail pane, connected: merged config, diff vs __base__ or the plan of the focused group (wrap and search from the reader).
import { DETAIL_TITLES, generatorLoaded, loadGenerator } from '../content/detail-lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { DriftPane } from './drift-pane.js';
import { DETAIL_VIEWS } from '../store/types.js';
import { focusedGroup } from '../widgets/group-list/group-list-reducer.js';
import { useEffect, useMemo, useState } from 'react';
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
  // The plan view's generator loads after the first frame (content/detail-lines.ts); drawn again once it is there.
  const [generatorReady, setGeneratorReady] = useState(generatorLoaded);
  useEffect(() => {
    let mounted = true;
    void loadGenerator().then(() => mounted && setGeneratorReady(true));
    return () => {
      mounted = false;
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: generatorReady is read through detailLines (the plan view's lines change when the generator arrives).
  const lines = useMemo(
    () => detailRows(config, name, detail.view, epoch, mode.wrap, layout.rightInner),
    [config, name, detail.view, epoch, mode.wrap, layout.rightInner, generatorReady],
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
