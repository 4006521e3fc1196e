// npm run docs: regenerate the README's action reference from the catalog (between its markers).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'README.md');
const reference = execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'help', '--markdown'], { encoding: 'utf8' });
const text = readFileSync(readme, 'utf8');
const start = '<!-- reference:start -->';
const end = '<!-- reference:end -->';
const from = text.indexOf(start);
const to = text.indexOf(end);
if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} markers`);
writeFileSync(readme, `${text.slice(0, from + start.length)}\n${reference.trimEnd()}\n${text.slice(to)}`);
console.log('README.md reference updated');
