// Counted nouns: singular for exactly one, plural otherwise (0 included), irregular plurals given.
import { describe, expect, it } from 'vitest';
import { formatCount, pluralize } from '../../src/format/plural.js';

describe('formatCount', () => {
  it('says 1 key pair, 0 and 2 key pairs', () => {
    expect(formatCount(1, 'key pair')).toBe('1 key pair');
    expect(formatCount(0, 'key pair')).toBe('0 key pairs');
    expect(formatCount(2, 'key pair')).toBe('2 key pairs');
  });
  it('takes an irregular plural', () => {
    expect(formatCount(1, 'entry', 'entries')).toBe('1 entry');
    expect(formatCount(3, 'entry', 'entries')).toBe('3 entries');
    expect(pluralize(-1, 'host')).toBe('hosts');
  });
});
