// Reloading nodes.json from the workbench: new groups appear, the plan shows what went stale, a bad file is refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { tempProject } from '../helpers/project.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';

const after = closeAfterEach();
let open: Harness;

describe('reload', () => {
  it('picks up an edited nodes.json and keeps the old one when the new one is invalid', async () => {
    const project = tempProject();
    after.cleanup(project.cleanup);
    const file = join(project.dir, 'nodes.json');
    open = openWorkbench({ config: loadConfig(file), size: { columns: 120, rows: 60 } });
    await open.waitFor('12_04-www');
    open.press('groups.toggle');
    await open.waitFor('1 selected');

    const text = readFileSync(file, 'utf8').replace('"instance_type": "m3.xlarge"', '"instance_type": "c5.large"');
    writeFileSync(file, text.replace(/\}\s*$/, ',\n  "batch": {"description": "new group"}\n}\n'));
    open.press('app.reload');
    let frame = await open.waitFor('groups 3');
    expect(frame).toContain('batch');
    expect(frame).toContain('reloaded');
    expect(frame).toContain('1 selected'); // the selection survives
    open.press('cursor.down');
    open.press('detail.cycle');
    open.press('detail.cycle');
    // The plan view shows "loading the generator…" until the generator's chunk is loaded (after the first frame).
    frame = await open.waitFor('packer/12_04-www.json: to update');
    expect(frame).toContain('[plan]');
    expect(frame).toContain('"c5.large"');

    writeFileSync(file, '{ "broken": ');
    open.press('app.reload');
    frame = await open.waitFor('kept the loaded nodes.json');
    expect(frame).toContain('groups 3');
  });
});
