// Where a scrolled pane of lines stands: the first row it shows and the `3-12/40` range its title note says.

export interface ScrollWindow {
  /** The first line shown: the one asked for, but never past the last full page (nor before the first line). */
  top: number;
  /** `first-last/total` (1-based) when the lines do not all fit; '' when they do. */
  range: string;
}

/** The window of `rows` rows over `total` lines, scrolled to `wanted`. */
export function scrollWindow(total: number, wanted: number, rows: number): ScrollWindow {
  const top = Math.max(0, Math.min(wanted, total - rows));
  return { top, range: total > rows ? `${top + 1}-${Math.min(total, top + rows)}/${total}` : '' };
}
