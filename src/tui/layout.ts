// Pane sizes from the terminal size, computed once at the root and passed down (so views test at fixed sizes).

export interface Size {
  columns: number;
  rows: number;
}

export interface Layout {
  size: Size;
  /** Rows between the header and the message/footer lines. */
  bodyRows: number;
  leftWidth: number;
  rightWidth: number;
  topRows: number;
  bottomRows: number;
  /** Content rows (inside borders and titles) of each pane. */
  groupRows: number;
  detailRows: number;
  jobRows: number;
  logRows: number;
  maxLogRows: number;
  serviceRows: number;
  helpRows: number;
  /** Content columns of each pane. */
  leftInner: number;
  rightInner: number;
  fullInner: number;
}

/** The smallest screen the workbench lays out for; a smaller terminal shows only `tooSmallText` until resized. */
export const MIN_SIZE: Size = { columns: 60, rows: 16 };

export const isTooSmall = (size: Size): boolean => size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows;

/** What a too small terminal shows: `terminal too small: 50×14, need ≥ 60×16`. */
export const tooSmallText = (size: Size): string => `terminal too small: ${size.columns}×${size.rows}, need ≥ ${MIN_SIZE.columns}×${MIN_SIZE.rows}`;

export function computeLayout(raw: Size): Layout {
  const size = { columns: Math.max(raw.columns, MIN_SIZE.columns), rows: Math.max(raw.rows, MIN_SIZE.rows) };
  const bodyRows = size.rows - 3; // header, message line, footer
  const bottomRows = Math.max(7, Math.floor(bodyRows * 0.4));
  const topRows = bodyRows - bottomRows;
  const leftWidth = Math.min(48, Math.max(30, Math.floor(size.columns * 0.4)));
  const rightWidth = size.columns - leftWidth;
  const border = 2;
  return {
    size,
    bodyRows,
    leftWidth,
    rightWidth,
    topRows,
    bottomRows,
    groupRows: topRows - border - 2, // title + column header
    detailRows: topRows - border - 1,
    jobRows: bottomRows - border - 1,
    logRows: bottomRows - border - 1,
    maxLogRows: bodyRows - border - 1,
    serviceRows: bodyRows - border - 2,
    helpRows: bodyRows - border - 1,
    leftInner: leftWidth - border,
    rightInner: rightWidth - border,
    fullInner: size.columns - border,
  };
}
