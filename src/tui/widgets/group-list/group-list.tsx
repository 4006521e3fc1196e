// The node groups pane's rows: selection mark, name, latest AMI age, ASG healthy/desired, running instances.
import { Text } from 'ink';
import { memo } from 'react';
import { fitMiddle } from '../../../format/fit-middle.js';
import { formatAge } from '../../../format/time.js';
import type { LockHolder } from '../../../locks/holder.js';
import type { GroupStatus, StatusView } from '../../store/types.js';
import { useTheme } from '../../views/theme-context.js';

const STATUS_WIDTH = 15;

/** The status columns of a group, `-` where nothing is known. */
export function statusColumns(status: GroupStatus | undefined, state: StatusView['state'], now: number): string {
  const none = state === 'loading' ? '…' : '-';
  const created = status?.ami?.created ? Date.parse(status.ami.created) : Number.NaN;
  const ami = status?.ami ? (Number.isNaN(created) ? 'yes' : formatAge(now - created)) : none;
  const asg = status?.desired !== undefined ? `${status.healthy ?? 0}/${status.desired}` : none;
  const run = status?.running !== undefined ? String(status.running) : none;
  return `${ami.padStart(4)} ${asg.padStart(6)} ${run.padStart(3)}`;
}

export function groupListHeader(width: number): string {
  const nameWidth = Math.max(4, width - 2 - STATUS_WIDTH);
  return `  ${'GROUP'.padEnd(nameWidth)}${' AMI'.padStart(4)} ${'ASG'.padStart(6)} ${'RUN'.padStart(3)}`.slice(0, width);
}

interface RowProps {
  name: string;
  selected: boolean;
  focused: boolean;
  /** The pane has the focus (the cursor shows inverse only then, underlined otherwise). */
  active: boolean;
  status: string;
  /** Who else runs an action on this group now (`alice autoscale:update`), marked `⚑`. */
  busy?: string | undefined;
  width: number;
}

const Row = memo(function Row({ name, selected, focused, active, status, busy, width }: RowProps) {
  const theme = useTheme();
  const nameWidth = Math.max(4, width - 2 - STATUS_WIDTH);
  const label = busy ? `${name} ⚑ ${busy}` : name;
  // A long name is cut in the middle: names that differ only at the end stay apart; the busy note is cut at its end.
  const shown = label.length <= nameWidth ? label.padEnd(nameWidth) : busy ? `${label.slice(0, nameWidth - 2)}… ` : `${fitMiddle(name, nameWidth - 1)} `;
  return (
    <Text wrap="truncate-end" inverse={focused && active} underline={focused && !active}>
      <Text color={selected ? theme.ok : undefined} bold={selected}>
        {focused ? '›' : ' '}
        {selected ? '✓' : ' '}
      </Text>
      <Text bold={selected}>{shown}</Text>
      <Text color={theme.muted}>{status}</Text>
    </Text>
  );
});

export interface GroupListProps {
  /** The rows in the window, in order. */
  names: readonly string[];
  /** Index in `names` of the cursor row, -1 when outside the window. */
  cursorRow: number;
  selected: ReadonlySet<string>;
  status: StatusView;
  /** Groups another operator holds the lock of now. */
  busy?: Readonly<Record<string, LockHolder>>;
  active: boolean;
  width: number;
  now: number;
}

export function GroupList({ names, cursorRow, selected, status, busy = {}, active, width, now }: GroupListProps) {
  const theme = useTheme();
  return (
    <>
      <Text color={theme.muted} wrap="truncate-end">
        {groupListHeader(width)}
      </Text>
      {names.length === 0 ? <Text color={theme.muted}>no group matches</Text> : null}
      {names.map((name, i) => (
        <Row
          key={name}
          name={name}
          selected={selected.has(name)}
          focused={i === cursorRow}
          active={active}
          status={statusColumns(status.groups[name], status.state, now)}
          busy={busy[name] ? `${busy[name]!.user} ${busy[name]!.action}` : undefined}
          width={width}
        />
      ))}
    </>
  );
}
