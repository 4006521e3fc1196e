// Pure helpers of the reader (logs and the detail pane): wrap, sideways scroll, search matches and highlight segments.
import type { Line } from '../../content/lines.js';

/** Columns one `h`/`l` press scrolls sideways. */
export const HSCROLL_STEP = 8;

/** Splits `text` into rows of at most `width` characters (an empty text is one empty row). */
export function wrapText(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const chars = [...text];
  if (chars.length <= room) return [text];
  const rows: string[] = [];
  for (let i = 0; i < chars.length; i += room) rows.push(chars.slice(i, i + room).join(''));
  return rows;
}

/** Lines wrapped to `width` columns; a tag stays on the first row and the rows below are indented under the text. */
export function wrapLines(lines: readonly Line[], width: number): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const tagWidth = line.tag ? [...line.tag.text].length + 1 : 0;
    const rows = wrapText(line.text, width - tagWidth);
    rows.forEach((text, i) => {
      const tag = line.tag && i > 0 ? { text: ' '.repeat(tagWidth - 1), tone: line.tag.tone } : line.tag;
      out.push({ ...line, text, ...(tag ? { tag } : {}) });
    });
  }
  return out;
}

/** Lines scrolled `hscroll` columns to the right (the tag stays put). */
export function shiftLines(lines: readonly Line[], hscroll: number): Line[] {
  if (hscroll <= 0) return [...lines];
  return lines.map((line) => ({ ...line, text: [...line.text].slice(hscroll).join('') }));
}

/** The sideways scroll after a move, kept within the longest line. */
export function movedSideways(hscroll: number, by: number, longest: number, width: number): number {
  return Math.max(0, Math.min(hscroll + by, Math.max(0, longest - Math.floor(width / 2))));
}

export const matches = (text: string, query: string) => query !== '' && text.toLowerCase().includes(query.toLowerCase());

/** The indices of `texts` that contain `query` (case-insensitive), in order. */
export function findMatches(texts: readonly { index: number; text: string }[], query: string): number[] {
  return texts.filter((t) => matches(t.text, query)).map((t) => t.index);
}

/**
 * The match after (`1`) or before (`-1`) `at` in the sorted `found`, wrapping around the ends;
 * with no `at`, the first (or last) one. Undefined when nothing matched.
 */
export function stepMatch(found: readonly number[], at: number | undefined, by: 1 | -1): number | undefined {
  if (found.length === 0) return undefined;
  if (at === undefined) return by === 1 ? found[0] : found[found.length - 1];
  if (by === 1) return found.find((i) => i > at) ?? found[0];
  for (let i = found.length - 1; i >= 0; i--) if (found[i]! < at) return found[i];
  return found[found.length - 1];
}

/** Where `query` occurs in `text`: alternating plain and matching segments (case-insensitive). */
export function highlightSegments(text: string, query: string): { text: string; match: boolean }[] {
  if (!query) return [{ text, match: false }];
  const lower = text.toLowerCase();
  const q = query.toLowerCase();
  const out: { text: string; match: boolean }[] = [];
  let from = 0;
  for (let at = lower.indexOf(q); at !== -1; at = lower.indexOf(q, at + q.length)) {
    if (at > from) out.push({ text: text.slice(from, at), match: false });
    out.push({ text: text.slice(at, at + q.length), match: true });
    from = at + q.length;
  }
  if (from < text.length) out.push({ text: text.slice(from), match: false });
  return out;
}

/** `3/12` for the match `at` among `found`, or `no match`. */
export function matchNote(found: readonly number[], at: number | undefined): string {
  if (at === undefined || found.length === 0) return 'no match';
  return `${found.indexOf(at) + 1}/${found.length}`;
}
