// A full-width view of lines (the group view, the dependency view): scrolled, its range and notes in the title row.
import type { Line } from '../content/lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { LinesPane } from './lines-pane.js';

/** Content rows of a full-width view of `height` rows (borders and title). */
export const viewRowsOf = (height: number) => Math.max(1, height - 3);

export interface FullViewProps {
  layout: Layout;
  height: number;
  title: string;
  lines: Line[];
  /** The first line asked for (clamped to the last full page). */
  scroll: number;
  /** Said after the range, ' · ' between them; empty ones are left out. */
  notes: string[];
}

export function FullView({ layout, height, title, lines, scroll, notes }: FullViewProps) {
  const rows = viewRowsOf(height);
  const shown = scrollWindow(lines.length, scroll, rows);
  return (
    <LinesPane
      title={title}
      note={[shown.range, ...notes].filter(Boolean).join(' · ')}
      lines={lines}
      scroll={shown.top}
      rows={rows}
      width={layout.size.columns}
      height={height}
      focused
    />
  );
}
