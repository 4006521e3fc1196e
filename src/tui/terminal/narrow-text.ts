// A fast answer to "how wide is this text on a terminal" for the characters the workbench draws (borders, marks).

/**
 * Characters one column wide whatever the locale data says (ambiguous ones counted narrow, string-width's default):
 * printable ASCII and Latin-1 (not the soft hyphen), general punctuation, arrows, box drawing, block elements, and
 * the marks the workbench uses. No control, combining, zero-width or emoji-presentation character is in it.
 * test/tui/narrow-text.test.ts checks every one against string-width.
 */
const NARROW = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u00FF\u2010-\u2027\u2030-\u205E\u2190-\u21FF\u2500-\u259F\u2713\u2717\u2691\u2298]*$/;

/** Whether every character of `text` is one terminal column wide: then its width is its length. */
export function isNarrowText(text: string): boolean {
  return NARROW.test(text);
}

/** Select Graphic Rendition: the escape sequences of colours and styles (`ESC [ 1;31 m`). */
const SGR = /\u001B\[[0-9;]*m/g;

type StringWidth = (text: string, options?: { ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean }) => number;

/**
 * string-width with a fast path: Ink measures every line of every frame, and string-width segments any text that is
 * not plain ASCII (a border, a check mark) into graphemes first. The bundle (tsup.config.ts) routes Ink's
 * string-width through this.
 */
export function withNarrowFastPath(stringWidth: StringWidth): StringWidth {
  return (text, options) => {
    if (typeof text !== 'string' || options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes) return stringWidth(text, options);
    // Colours and styles take no column; any other escape sequence stays in `plain` and goes to string-width.
    const plain = text.includes('\u001B') ? text.replace(SGR, '') : text;
    return isNarrowText(plain) ? plain.length : stringWidth(text, options);
  };
}
