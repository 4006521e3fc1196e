// npm run bench: every benchmark script in this folder, one after another, figures as markdown.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && !['run.mjs', 'lib.mjs'].includes(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

process.stdout.write(`## Benchmarks (${machine()}, ${new Date().toISOString().slice(0, 10)})\n\n`);
let failed = 0;
for (const script of scripts) {
  const result = spawnSync(process.execPath, [join(here, script)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`\n(${script} failed with exit code ${result.status})\n`);
  }
  process.stdout.write('\n');
}
process.exitCode = failed ? 1 : 0;
