// The node groups pane, connected: the visible window of the filtered list, selection, status.
import { useRef } from 'react';
import type { Layout } from '../layout.js';
import { GroupList } from '../widgets/group-list/group-list.js';
import { scrollTop } from '../widgets/group-list/group-list-reducer.js';
import { driftColumn } from '../content/drift-marker-column.js';
import { PaneBox } from './pane-box.js';
import { useSlice } from './workbench-context.js';

const STATUS_NOTE = { unavailable: 'status n/a', loading: 'status…', ok: '', error: 'status error' } as const;

export function GroupsPane({ layout }: { layout: Layout }) {
  const list = useSlice((s) => s.list);
  const status = useSlice((s) => s.status);
  const others = useSlice((s) => s.others);
  const drift = useSlice((s) => s.drift);
  const active = useSlice((s) => s.focus === 'groups' && s.view === 'main');
  const top = useRef(0);
  const rows = layout.groupRows;
  top.current = scrollTop(top.current, list.cursor, rows, list.visible.length);
  const names = list.visible.slice(top.current, top.current + rows);
  const count = list.filter ? `${list.visible.length}/${list.names.length}` : `${list.names.length}`;
  const selected = list.selected.size > 0 ? ` · ${list.selected.size} selected` : '';
  const filter = list.filtering ? `/${list.filter}█` : list.filter ? `/${list.filter}` : STATUS_NOTE[status.state];
  return (
    <PaneBox title={`groups ${count}${selected}`} note={filter} width={layout.leftWidth} height={layout.topRows} focused={active}>
      <GroupList
        names={names}
        cursorRow={list.cursor - top.current}
        selected={list.selected}
        status={status}
        busy={others}
        drift={(group) => driftColumn(drift, group)}
        active={active}
        width={layout.leftInner}
        now={status.at ?? 0}
      />
    </PaneBox>
  );
}
