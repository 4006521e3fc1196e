// Cuts text in the middle so both ends stay readable: `16_04-pay…-api` and `16_04-pay…-web` stay apart.

/** `text` in at most `width` columns (one per character), its middle replaced by `…` when it is longer. */
export function fitMiddle(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text;
  if (width === 1) return '…';
  const tail = Math.floor((width - 1) / 2);
  const head = width - 1 - tail;
  return `${text.slice(0, head)}…${tail ? text.slice(text.length - tail) : ''}`;
}
