// The node groups pane's rows: selection mark, name, latest AMI age, ASG healthy/desired, running instances.
import { Text } from 'ink';
import { memo } from 'react';
import { fitMiddle } from '../../../format/fit-middle.js';
import { formatAge } from '../../../format/time.js';
import type { LockHolder } from '../../../locks/holder.js';
import type { GroupStatus, StatusView } from '../../store/types.js';
import { useTheme } from '../../views/theme-context.js';
import { DRIFT_COLUMN_WIDTH } from '../../content/drift-marker-column.js';

const STATUS_WIDTH = 15;

/** The status columns of a group, `-` where nothing is known; `compact` (a narrow pane with the drift column) pads less. */
export function statusColumns(status: GroupStatus | undefined, state: StatusView['state'], now: number, compact = false): string {
  const none = state === 'loading' ? '…' : '-';
  const created = status?.ami?.created ? Date.parse(status.ami.created) : Number.NaN;
  const ami = status?.ami ? (Number.isNaN(created) ? 'yes' : formatAge(now - created)) : none;
  const asg = status?.desired !== undefined ? `${status.healthy ?? 0}/${status.desired}` : none;
  const run = status?.running !== undefined ? String(status.running) : none;
  return compact ? `${ami.padStart(3)} ${asg.padStart(5)} ${run.padStart(2)}` : `${ami.padStart(4)} ${asg.padStart(6)} ${run.padStart(3)}`;
}

/** Status columns when compact: the drift column then still leaves a name such as `12_04-www` whole at 80 columns. */
const COMPACT_STATUS_WIDTH = 12;
const MIN_NAME_WIDTH = 10;

/** The name column's width and whether the status columns are compact: what the status and drift columns leave. */
function columnsOf(width: number, withDrift: boolean): { nameWidth: number; compact: boolean } {
  const drift = withDrift ? DRIFT_COLUMN_WIDTH : 0;
  const full = width - 2 - STATUS_WIDTH - drift;
  if (!withDrift || full >= MIN_NAME_WIDTH) return { nameWidth: Math.max(4, full), compact: false };
  return { nameWidth: Math.max(4, width - 2 - COMPACT_STATUS_WIDTH - drift), compact: true };
}

export function groupListHeader(width: number, withDrift = false): string {
  const { nameWidth, compact } = columnsOf(width, withDrift);
  const drift = withDrift ? 'DRIFT'.padStart(DRIFT_COLUMN_WIDTH) : '';
  const status = compact ? `${'AMI'.padStart(3)} ${'ASG'.padStart(5)} ${'RN'.padStart(2)}` : `${' AMI'.padStart(4)} ${'ASG'.padStart(6)} ${'RUN'.padStart(3)}`;
  return `  ${'GROUP'.padEnd(nameWidth)}${status}${drift}`.slice(0, width);
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
  /** The drift marker (`ok`, `img`, `3`, `…`), undefined when there is no drift column. */
  drift?: string | undefined;
  nameWidth: number;
}

const Row = memo(function Row({ name, selected, focused, active, status, busy, drift, nameWidth }: RowProps) {
  const theme = useTheme();
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
      {drift !== undefined ? (
        <Text color={drift === 'ok' ? theme.ok : drift === '…' || drift === '-' || drift === '?' ? theme.muted : theme.warn}>
          {drift.padStart(DRIFT_COLUMN_WIDTH)}
        </Text>
      ) : null}
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
  /** Each shown group's drift marker; undefined: no drift column. */
  drift?: ((name: string) => string | undefined) | undefined;
  active: boolean;
  width: number;
  now: number;
}

export function GroupList({ names, cursorRow, selected, status, busy = {}, drift, active, width, now }: GroupListProps) {
  const theme = useTheme();
  const withDrift = names.some((name) => drift?.(name) !== undefined);
  const { nameWidth, compact } = columnsOf(width, withDrift);
  return (
    <>
      <Text color={theme.muted} wrap="truncate-end">
        {groupListHeader(width, withDrift)}
      </Text>
      {names.length === 0 ? <Text color={theme.muted}>no group matches</Text> : null}
      {names.map((name, i) => (
        <Row
          key={name}
          name={name}
          selected={selected.has(name)}
          focused={i === cursorRow}
          active={active}
          status={statusColumns(status.groups[name], status.state, now, compact)}
          busy={busy[name] ? `${busy[name]!.user} ${busy[name]!.action}` : undefined}
          drift={withDrift ? drift?.(name) : undefined}
          nameWidth={nameWidth}
        />
      ))}
    </>
  );
}
