// Readline's line editing on a text and a cursor: ctrl-a/e move to the ends, ctrl-u/k cut to them, ctrl-w cuts a word.

/** A line edit: a cursor move or a cut. */
export type EditKind = 'left' | 'right' | 'start' | 'end' | 'kill-start' | 'kill-end' | 'kill-word';

export function editLine(text: string, cursor: number, kind: EditKind): { text: string; cursor: number } {
  switch (kind) {
    case 'left':
      return { text, cursor: Math.max(0, cursor - 1) };
    case 'right':
      return { text, cursor: Math.min(text.length, cursor + 1) };
    case 'start':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'kill-start':
      return { text: text.slice(cursor), cursor: 0 };
    case 'kill-end':
      return { text: text.slice(0, cursor), cursor };
    case 'kill-word': {
      // The spaces before the cursor, then the word before them (as readline's unix-word-rubout).
      const before = text.slice(0, cursor).replace(/\S*\s*$/, '');
      return { text: before + text.slice(cursor), cursor: before.length };
    }
  }
}
