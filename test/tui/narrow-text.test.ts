// The workbench's fast text width agrees with string-width on every character it answers for.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { isNarrowText, withNarrowFastPath } from '../../src/tui/terminal/narrow-text.js';

describe('narrow text fast path', () => {
  it('answers only for characters string-width counts one column wide', () => {
    const wrong: string[] = [];
    let answered = 0;
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      if (!isNarrowText(ch)) continue;
      answered++;
      if (stringWidth(ch) !== 1) wrong.push(`U+${code.toString(16).padStart(4, '0')} ${ch} width ${stringWidth(ch)}`);
    }
    expect(wrong).toEqual([]);
    expect(answered).toBeGreaterThan(500);
  });

  it('leaves everything else to string-width: wide, combining, zero-width, escape codes, ambiguous counted wide', () => {
    for (const text of ['漢字', 'e\u0301', 'a\u200bb', '\u001b[31mred\u001b[39m', '✅', '\u00ad']) expect(isNarrowText(text)).toBe(false);
    const width = withNarrowFastPath(stringWidth);
    expect(width('╔══ groups ✓ ══╗')).toBe(16);
    expect(width('漢字')).toBe(4);
    expect(width('\u001b[31mred\u001b[39m')).toBe(3);
    expect(width('\u001b[1;36m╔══ ✓ ══╗\u001b[22;39m')).toBe(9);
    expect(width('\u001b]8;;http://x\u0007link\u001b]8;;\u0007')).toBe(stringWidth('\u001b]8;;http://x\u0007link\u001b]8;;\u0007'));
    expect(width('\u001b[31m漢\u001b[39m')).toBe(2);
    expect(width('─', { ambiguousIsNarrow: false })).toBe(stringWidth('─', { ambiguousIsNarrow: false }));
  });
});
