// A pane that shows a window of content lines (detail, log, service map, help).
import type { ReactNode } from 'react';
import type { Line } from '../content/lines.js';
import { shiftLines } from '../widgets/reader/reader-reducer.js';
import { LineText } from './line-text.js';
import { PaneBox } from './pane-box.js';

export interface LinesPaneProps {
  title: string;
  note?: string | undefined;
  lines: readonly Line[];
  /** Index of the first line to show. */
  scroll?: number;
  rows: number;
  width: number;
  height: number;
  focused?: boolean;
  /** Lines shown above the scrolled window (a column header). */
  header?: readonly Line[];
  /** Search text highlighted in the shown lines. */
  highlight?: string | undefined;
  /** Columns scrolled sideways. */
  hscroll?: number;
  /** A live row above the lines (a running job's countdown and progress). */
  above?: ReactNode;
}

export function LinesPane({
  title,
  note,
  lines,
  scroll = 0,
  rows,
  width,
  height,
  focused = false,
  header = [],
  highlight,
  hscroll = 0,
  above,
}: LinesPaneProps) {
  const shown = shiftLines(lines.slice(scroll, scroll + rows), hscroll);
  return (
    <PaneBox title={title} note={note} width={width} height={height} focused={focused}>
      {above}
      {header.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position on the screen, it has no identity of its own
        <LineText key={`h${i}`} line={line} />
      ))}
      {shown.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a row is a position on the screen, it has no identity of its own
        <LineText key={i} line={line} highlight={highlight} />
      ))}
    </PaneBox>
  );
}
