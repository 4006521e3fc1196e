// The parser's guards in-process: duplicates, reserved keys, depth, numbers, UTF-8 and limits, the same in JSON and JSON5.
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { MAX_DEPTH, MAX_GROUP_NAME } from '../../src/config/limits.js';
import { parseDocument } from '../../src/config/parse.js';
import { decodeUtf8, firstInvalidUtf8 } from '../../src/config/read.js';
import { findTooDeep, isCleanParse } from '../../src/config/scan.js';
import { HangarError } from '../../src/errors.js';

const FILE = '/p/nodes.json';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HangarError);
    expect((error as HangarError).exitCode).toBe(2);
    return [(error as HangarError).message, ...(error as HangarError).details].join('\n');
  }
  throw new Error('expected an error');
}

/** The same document as JSON and as JSON5 (a trailing comment keeps every position). */
const both = (json: string) => [json, `${json}\n// json5`];

describe('parseDocument', () => {
  it.each([
    ['a duplicate group', '{"g": {}, "g": {}}', '/p/nodes.json:1:11: duplicate key "g" in the top level: it is first at /p/nodes.json:1:2'],
    [
      'a duplicate three levels down',
      '{"g": {"tags": {"a": "1", "a": "2"}}}',
      '/p/nodes.json:1:27: duplicate key "a" in g.tags: it is first at /p/nodes.json:1:17',
    ],
    ['a duplicate inside an array item', '{"g": {"x": [{"k": 1}, {"k": 1, "k": 2}]}}', '/p/nodes.json:1:33: duplicate key "k" in g.x.1'],
    [
      '__proto__',
      '{"g": {"default_attributes": {"__proto__": {"polluted": true}}}}',
      '/p/nodes.json:1:31: key "__proto__" in g.default_attributes is not allowed',
    ],
    ['constructor', '{"g": {"constructor": 1}}', 'key "constructor" in g is not allowed'],
    ['prototype', '{"prototype": {}}', 'key "prototype" in the top level is not allowed'],
    ['1e999', '{"g": {"autoscale": {"timeout": 1e999}}}', '/p/nodes.json:1:33: number out of range at g.autoscale.timeout'],
    [
      'too deep',
      `{"g": {"x": ${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}}}`,
      `/p/nodes.json:1:${13 + MAX_DEPTH - 2}: nested deeper than ${MAX_DEPTH} levels`,
    ],
  ])('%s: the same positioned error in JSON and JSON5', (_name, json, expected) => {
    const [asJson, asJson5] = both(json).map((text) => messageOf(() => parseDocument(FILE, text)));
    expect(asJson).toContain(expected);
    expect(asJson5).toBe(asJson);
  });

  it('never sets a prototype: Object.prototype stays clean after a __proto__ key', () => {
    messageOf(() => parseDocument(FILE, '{"a": {"__proto__": {"polluted": true}}}\n// json5'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every duplicate at once', () => {
    const text = messageOf(() => parseDocument(FILE, '{"a": 1, "a": 2, "b": {"c": 1, "c": 2}}'));
    expect(text).toContain('2 errors');
    expect(text).toContain('duplicate key "a"');
    expect(text).toContain('duplicate key "c" in b');
  });

  it('accepts exactly MAX_DEPTH levels, in JSON and JSON5', () => {
    const json = `{"g": {"x": ${'['.repeat(MAX_DEPTH - 2)}${']'.repeat(MAX_DEPTH - 2)}}}`;
    for (const text of both(json)) expect(parseDocument(FILE, text).value).toHaveProperty('g');
  });

  it('NaN, Infinity and -Infinity name file:line:col and the key path', () => {
    expect(messageOf(() => parseDocument(FILE, '{\n  g: {autoscale: {timeout: NaN}}\n}'))).toBe(
      '/p/nodes.json:2:28: NaN at g.autoscale.timeout is not allowed: nodes.json takes finite numbers only',
    );
    expect(messageOf(() => parseDocument(FILE, '{g: {x: [Infinity, -Infinity]}}'))).toContain('/p/nodes.json:1:10: Infinity at g.x.0');
    expect(messageOf(() => parseDocument(FILE, '{g: {x: [Infinity, -Infinity]}}'))).toContain('/p/nodes.json:1:20: -Infinity at g.x.1');
  });

  it('the fast path and the positioned path give the same value and positions', () => {
    const json = '{\n  "g": {"run_list": ["a", "b"], "tags": {"k": "v \\" : x"}}\n}';
    const fast = parseDocument(FILE, json);
    const slow = parseDocument(FILE, `${json}\n// json5`);
    expect(fast.value).toEqual(slow.value);
    expect(fast.positionOf(['g', 'tags', 'k'])).toEqual(slow.positionOf(['g', 'tags', 'k']));
    expect(fast.positionOf(['g', 'tags', 'k'])).toEqual({ line: 2, column: 42 });
  });
});

describe('isCleanParse and findTooDeep', () => {
  it('counts keys against the text, never fooled by colons and quotes inside strings', () => {
    const text = '{"a": "x\\": y", "b": {"c": "\\"d\\":"}, "e": ["f:", {"g": 1}]}';
    expect(isCleanParse(JSON.parse(text), text)).toBe(true);
    const dup = '{"a": "\\"z\\": 1", "a": 2}';
    expect(isCleanParse(JSON.parse(dup), dup)).toBe(false);
  });

  it('skips brackets in strings and comments', () => {
    expect(findTooDeep(`{"a": "${'['.repeat(100)}", // ${'{'.repeat(100)}\n /* ${'['.repeat(100)} */ 'b': '{{{['}`, 3)).toBeUndefined();
    expect(findTooDeep('{\n  "a": [[[1]]]\n}', 3)).toEqual({ line: 2, column: 10 });
  });
});

describe('UTF-8', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong slash', [0x61, 0xc0, 0xaf], 1],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a truncated sequence', [0x61, 0x62, 0xe2, 0x82], 2],
    ['valid text', [...Buffer.from('héllo ✓ 𝄞')], 15],
  ])('%s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });

  it('names line and column (in characters) of the bad byte; a BOM is dropped', () => {
    const bytes = Buffer.concat([Buffer.from('{\n"é": "'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect(messageOf(() => decodeUtf8(FILE, bytes))).toBe('/p/nodes.json:2:7: invalid UTF-8 (byte 0xff); nodes.json must be UTF-8 text');
    expect(decodeUtf8(FILE, Buffer.from('\ufeff{}'))).toBe('{}');
  });
});

describe('group name length', () => {
  it(`accepts ${MAX_GROUP_NAME} characters and refuses ${MAX_GROUP_NAME + 1}`, () => {
    const ok = 'g'.repeat(MAX_GROUP_NAME);
    expect(loadConfigText(FILE, `{"${ok}": {}}`).groups.has(ok)).toBe(true);
    expect(messageOf(() => loadConfigText(FILE, `{"${ok}x": {}}`))).toContain(`it is ${MAX_GROUP_NAME + 1} characters; at most ${MAX_GROUP_NAME}`);
  });
});
