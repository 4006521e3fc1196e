// Word-wraps a content line to a width, later rows indented: for views whose text must not be lost to truncation.
import type { Line } from './lines.js';

/** `line` as rows of at most `width` characters, broken at spaces where it can, rows after the first indented by `indent`. */
export function wrapLine(line: Line, width: number, indent: number): Line[] {
  if (line.text.length <= width || width <= indent + 8) return [line];
  const rows: Line[] = [];
  let rest = line.text;
  let room = width;
  while (rest.length > room) {
    const space = rest.lastIndexOf(' ', room);
    // Break at the last space that leaves a word on the row, else cut the word.
    const at = space > rest.search(/\S/) ? space : room;
    rows.push({ ...line, text: rest.slice(0, at) });
    rest = rest.slice(at).trimStart();
    room = width - indent;
  }
  rows.push({ ...line, text: rest });
  return rows.map((row, i) => (i === 0 ? row : { ...row, text: `${' '.repeat(indent)}${row.text}` }));
}
