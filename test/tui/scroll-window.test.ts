// The scroll window every scrolled pane shows: its first row and its `first-last/total` note.
import { describe, expect, it } from 'vitest';
import { scrollWindow } from '../../src/tui/content/scroll-window.js';

describe('scrollWindow', () => {
  it('says the range only when the lines do not fit', () => {
    expect(scrollWindow(5, 0, 10)).toEqual({ top: 0, range: '' });
    expect(scrollWindow(40, 2, 10)).toEqual({ top: 2, range: '3-12/40' });
  });

  it('never scrolls past the last full page, nor before the first line', () => {
    expect(scrollWindow(40, 1000, 10)).toEqual({ top: 30, range: '31-40/40' });
    expect(scrollWindow(40, -3, 10)).toEqual({ top: 0, range: '1-10/40' });
    expect(scrollWindow(0, 4, 10)).toEqual({ top: 0, range: '' });
  });
});
