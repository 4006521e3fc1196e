// Middle truncation keeps both ends of a long name, so two names that differ only at the end stay distinguishable.
import { describe, expect, it } from 'vitest';
import { fitMiddle } from '../../src/format/fit-middle.js';

describe('fitMiddle', () => {
  it('keeps the head and the tail of a long name', () => {
    expect(fitMiddle('16_04-payments-api', 14)).toBe('16_04-p…ts-api');
    expect(fitMiddle('16_04-payments-api', 14)).not.toBe(fitMiddle('16_04-payments-web', 14));
    expect(fitMiddle('16_04-payments-api', 14)).toHaveLength(14);
  });
  it('leaves a name that fits alone and never goes over the width', () => {
    expect(fitMiddle('web', 10)).toBe('web');
    expect(fitMiddle('abcdef', 1)).toBe('…');
    expect(fitMiddle('abcdef', 0)).toBe('');
    for (let width = 1; width < 12; width++) expect(fitMiddle('abcdefghijklmnop', width).length).toBe(width);
  });
});
