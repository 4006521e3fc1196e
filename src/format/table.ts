// Plain-text tables (column-aligned, no colour): instance lists, fleet and ASG status, deploy summaries, the service table.

/** Aligns `rows` under `header`; the last column is not padded. Empty cells show as `-`. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cells = [header.map(String), ...rows.map((row) => header.map((_, i) => (row[i] === undefined ? '-' : String(row[i]))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `2026-11-27T09:40:00.000Z` -> `2026-11-27 09:40` (UTC), for tables. */
export function shortTime(iso: string | undefined): string | undefined {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : undefined;
}
