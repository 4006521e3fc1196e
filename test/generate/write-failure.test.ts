// A write that fails half way (disk full): the error names the file, what was written and what was not; no temp file stays.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { HangarError } from '../../src/errors.js';
import { type WriteIo, applyPlan, filesForGroup, nodeWriteIo, planFiles } from '../../src/generate/index.js';
import { tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.cleanup());

/** Every file name under dir, recursively (temp files start with a dot). */
function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** Real writes, except that the `failAt`-th temp file gets 10 bytes written and then ENOSPC. */
function diskFullAt(failAt: number): WriteIo {
  let writes = 0;
  return {
    ...nodeWriteIo,
    writeFileSync: (path, content, options) => {
      writes++;
      if (writes === failAt) {
        writeFileSync(path, content.slice(0, 10));
        throw Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC' });
      }
      nodeWriteIo.writeFileSync(path, content, options);
    },
  };
}

describe('a failed multi-file write', () => {
  it.each([
    { failAt: 1, written: 'none', failed: 'roles/role-12_04-bee.json', notWritten: 'roles/role-12_04-bee.json, packer/12_04-bee.json, dna/asg/12_04-bee.json' },
    { failAt: 2, written: 'roles/role-12_04-bee.json', failed: 'packer/12_04-bee.json', notWritten: 'packer/12_04-bee.json, dna/asg/12_04-bee.json' },
    { failAt: 3, written: 'roles/role-12_04-bee.json, packer/12_04-bee.json', failed: 'dna/asg/12_04-bee.json', notWritten: 'dna/asg/12_04-bee.json' },
  ])('failing at write $failAt names $failed, what was written and what was not', ({ failAt, written, failed, notWritten }) => {
    project = tempProject();
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const files = filesForGroup(config, config.groups.get('12_04-bee')!);
    for (const file of files) writeFileSync(join(project.dir, file.path), 'stale\n');
    const before = allFiles(project.dir);

    const error = (() => {
      try {
        applyPlan(config, planFiles(config, files), diskFullAt(failAt));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })() as HangarError;

    expect(error).toBeInstanceOf(HangarError);
    expect(error.code).toBe('file.write');
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(`could not write ${failed}: no space left on the device (ENOSPC)`);
    expect(error.details).toEqual([`written: ${written}`, `not written: ${notWritten}`]);
    // No temp file is left, and the files not written still hold their old content.
    expect(allFiles(project.dir)).toEqual(before);
    for (const file of files) {
      const content = readFileSync(join(project.dir, file.path), 'utf8');
      expect(content === 'stale\n' ? 'old' : 'new').toBe(written.includes(file.path) ? 'new' : 'old');
    }
  });
});
