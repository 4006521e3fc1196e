import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, hangar } from '../helpers/project.js';

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('has the action reference the catalog generates (run `npm run docs` after changing an action)', async () => {
    const generated = (await hangar(ROOT, ['help', '--markdown'])).stdout.trim();
    const section = readme.split('<!-- reference:start -->')[1]?.split('<!-- reference:end -->')[0]?.trim();
    expect(section).toBe(generated);
  });

  it('gives the two quick-start commands and the test command CI runs', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });
});
