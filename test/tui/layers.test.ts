// The workbench talks to the world only through the actions catalog, jobs and the registry interface.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/project.js';

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));

describe('tui layer', () => {
  it('imports no AWS, packer, ssh/deploy, sandbox or child-process code', () => {
    const forbidden = /(^|\/)(aws|packer|deploy|sandbox)\/|^@aws-sdk|^execa|^etcd3|^node:child_process/;
    const offenders: string[] = [];
    for (const file of files(join(ROOT, 'src/tui'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)) if (forbidden.test(m[1]!)) offenders.push(`${relative(ROOT, file)} -> ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps every file small and says what it is for on its first line', () => {
    for (const file of files(join(ROOT, 'src/tui'))) {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n').length, relative(ROOT, file)).toBeLessThanOrEqual(250);
      expect(text.startsWith('// '), relative(ROOT, file)).toBe(true);
    }
  });
});
