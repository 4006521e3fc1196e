// The plan view loads the generator after the first frame: until it is there it says so, and that line is not cached.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { detailLines, generatorLoaded, loadGenerator } from '../../src/tui/content/detail-lines.js';
import { ROOT } from '../helpers/project.js';

describe('the detail pane plan view', () => {
  it('says the generator is loading, then shows the plan once it loaded; the other views never wait for it', async () => {
    const config = loadConfig(join(ROOT, 'nodes.json'));
    expect(generatorLoaded()).toBe(false);
    expect(detailLines(config, '12_04-www', 'plan', 0)).toEqual([{ text: 'loading the generator…', tone: 'muted' }]);
    expect(detailLines(config, '12_04-www', 'config', 0).length).toBeGreaterThan(5);
    await loadGenerator();
    expect(generatorLoaded()).toBe(true);
    const texts = detailLines(config, '12_04-www', 'plan', 0).map((line) => line.text);
    expect(texts).toContain('roles/role-12_04-www.json: up to date');
  });
});
