// The reader's part of a pane's title note: `wrap`, `→16`, `/query`.
import type { ReadingMode } from '../store/reading-slice.js';

export function readerNote(mode: ReadingMode, query: string | undefined): string {
  return [mode.wrap ? 'wrap' : '', mode.hscroll ? `→${mode.hscroll}` : '', query ? `/${query}` : ''].filter(Boolean).join(' ');
}
