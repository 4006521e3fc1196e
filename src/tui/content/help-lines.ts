// The `?` overlay's lines, generated from the keymap table by category.
import { BINDING_LIST, CATEGORY_TITLES, type Category } from '../keys/bindings.js';
import { labelOfKey } from '../keys/key-name.js';
import type { Line } from './lines.js';

export function helpLines(): Line[] {
  const width = Math.max(...BINDING_LIST.map((b) => b.keys.map(labelOfKey).join(', ').length));
  const lines: Line[] = [];
  for (const category of Object.keys(CATEGORY_TITLES) as Category[]) {
    const bindings = BINDING_LIST.filter((b) => b.category === category);
    if (bindings.length === 0) continue;
    if (lines.length > 0) lines.push({ text: '' });
    lines.push({ text: CATEGORY_TITLES[category], tone: 'accent', bold: true });
    for (const b of bindings) lines.push({ text: `  ${b.keys.map(labelOfKey).join(', ').padEnd(width)}  ${b.description}` });
  }
  return lines;
}
