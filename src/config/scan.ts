// Cheap checks that let a clean file keep the JSON.parse fast path: duplicates, forbidden keys, depth, numbers.
import { FORBIDDEN_KEYS, MAX_DEPTH } from './limits.js';

/** A line:column in nodes.json (1-based). */
export interface Position {
  line: number;
  column: number;
}

/** Every string token of JSON text, in order; group 1 is set when it is a key (a colon follows). */
const STRING_TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?/g;

/** Keys in JSON text (valid JSON: every `"` outside a string starts one, so tokens never misalign). */
function countKeysInText(text: string): number {
  let keys = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let match = STRING_TOKEN.exec(text); match; match = STRING_TOKEN.exec(text)) if (match[1] !== undefined) keys++;
  return keys;
}

/**
 * True when a JSON.parse result needs no closer look: no forbidden key, no nesting beyond
 * MAX_DEPTH, only finite numbers, and as many keys as the text has (JSON.parse keeps one of
 * each duplicate, so a duplicate anywhere makes the counts differ).
 */
export function isCleanParse(value: unknown, text: string): boolean {
  let keys = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) return false;
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_DEPTH) return false;
    if (Array.isArray(node)) {
      for (const item of node)
        if (item !== null && typeof item === 'object') stack.push([item, depth + 1]);
        else if (typeof item === 'number' && !Number.isFinite(item)) return false;
      continue;
    }
    for (const key of Object.keys(node)) {
      keys++;
      if (FORBIDDEN_KEYS.has(key)) return false;
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
      else if (typeof child === 'number' && !Number.isFinite(child)) return false;
    }
  }
  return keys === countKeysInText(text);
}

/**
 * The position of the first `{` or `[` nested deeper than `limit` in JSON5 text (strings and
 * comments skipped), or undefined. Runs before the positioned parser, which recurses.
 */
export function findTooDeep(text: string, limit = MAX_DEPTH): Position | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    } else if (c === 0x22 || c === 0x27) {
      // a string: skip to its closing quote (a newline ends a broken one; the parser reports it)
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) {
          if (text.charCodeAt(i + 1) === 0x0a) {
            line++;
            lineStart = i + 2;
          }
          i++;
        } else if (d === c || d === 0x0a) {
          if (d === 0x0a) i--;
          break;
        }
      }
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      for (i += 2; i < text.length && !(text.charCodeAt(i) === 0x2a && text.charCodeAt(i + 1) === 0x2f); i++) {
        if (text.charCodeAt(i) === 0x0a) {
          line++;
          lineStart = i + 1;
        }
      }
      i++;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > limit) return { line, column: i - lineStart + 1 };
    } else if (c === 0x7d || c === 0x5d) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
