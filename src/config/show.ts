// Render a merged group as JSON5 text with the origin of every key (and appended item) as a comment.
import type { JsonValue } from './parse.js';
import type { JsonObject, Origin, Side } from './merge.js';

export interface AnnotatedLine {
  text: string;
  /** Where the line's key or item came from, when it is the first line of one. */
  origin?: Side | 'merged' | 'default';
}

const indent = (depth: number) => '  '.repeat(depth);

function valueLines(value: JsonValue, depth: number): string[] {
  const text = JSON.stringify(value, null, 2);
  return text.split('\n').map((line, i) => (i === 0 ? line : indent(depth) + line));
}

/** The merged config as lines of JSON5, each key's first line tagged with its origin. */
export function annotateMerged(merged: JsonObject, origins: Record<string, Origin>): AnnotatedLine[] {
  const lines: AnnotatedLine[] = [{ text: '{' }];
  const keys = Object.keys(merged);
  keys.forEach((key, index) => {
    const comma = index < keys.length - 1 ? ',' : '';
    const value = merged[key]!;
    const origin = origins[key] ?? { kind: 'group' };
    const head = `${indent(1)}${JSON.stringify(key)}: `;
    if (origin.kind === 'appended' && Array.isArray(value) && value.length > 0) {
      lines.push({ text: `${head}[`, origin: 'merged' });
      value.forEach((item, i) => {
        const itemLines = valueLines(item, 2);
        itemLines[0] = indent(2) + itemLines[0];
        itemLines[itemLines.length - 1] += i < value.length - 1 ? ',' : '';
        itemLines.forEach((text, j) => {
          lines.push(j === 0 ? { text, origin: origin.items[i] ?? 'group' } : { text });
        });
      });
      lines.push({ text: `${indent(1)}]${comma}` });
    } else if (origin.kind === 'merged' && value && typeof value === 'object' && !Array.isArray(value)) {
      lines.push({ text: `${head}{`, origin: 'merged' });
      const subKeys = Object.keys(value);
      subKeys.forEach((sub, i) => {
        const subLines = valueLines(value[sub]!, 2);
        subLines[0] = `${indent(2)}${JSON.stringify(sub)}: ${subLines[0]}`;
        subLines[subLines.length - 1] += i < subKeys.length - 1 ? ',' : '';
        subLines.forEach((text, j) => {
          lines.push(j === 0 ? { text, origin: origin.keys[sub] ?? 'group' } : { text });
        });
      });
      lines.push({ text: `${indent(1)}}${comma}` });
    } else {
      const body = valueLines(value, 1);
      body[0] = head + body[0];
      body[body.length - 1] += comma;
      const tag = origin.kind === 'base' || origin.kind === 'default' ? origin.kind : 'group';
      body.forEach((text, j) => {
        lines.push(j === 0 ? { text, origin: tag } : { text });
      });
    }
  });
  lines.push({ text: '}' });
  return lines;
}

/** Plain text of annotated lines: `// base`, `// group`, `// merged`, `// default` comments aligned. */
export function formatAnnotated(lines: readonly AnnotatedLine[]): string {
  const width = Math.min(60, Math.max(...lines.map((l) => l.text.length)));
  return lines.map((l) => (l.origin ? `${l.text.padEnd(width)}  // ${l.origin}` : l.text)).join('\n');
}
