// Two writers of generated files in one folder (role:create 'g*' from two configs): one at a time, every file whole and from one of them.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/project.js';

const GROUPS = 300;

function writeConfig(dir: string, file: string, tag: string): void {
  const nodes: Record<string, unknown> = {
    __base__: {
      region: 'us-east-1',
      source_ami: 'ami-1ebb2077',
      instance_type: 't3.micro',
      ssh_username: 'ubuntu',
      run_list: ['recipe[base]'],
      description: `from ${tag}`,
    },
  };
  for (let i = 0; i < GROUPS; i++) nodes[`g${String(i).padStart(3, '0')}`] = { default_attributes: { writer: tag, filler: tag.repeat(200) } };
  writeFileSync(join(dir, file), JSON.stringify(nodes));
}

const roleCreate = (dir: string, config: string, extra: string[]) =>
  execa('node', [CLI, 'role:create', 'g*', '--force', '--config', config, ...extra], { cwd: dir, reject: false, stdin: 'ignore', env: { NO_COLOR: '1' } });

/** The writer of every role file; throws on a file that is not whole JSON. */
function writers(dir: string): Set<string> {
  const found = new Set<string>();
  const files = readdirSync(join(dir, 'roles'));
  expect(files).toHaveLength(GROUPS);
  for (const file of files) {
    const role = JSON.parse(readFileSync(join(dir, 'roles', file), 'utf8')) as { default_attributes: { writer: string; filler: string } };
    expect(role.default_attributes.filler).toBe(role.default_attributes.writer.repeat(200));
    found.add(role.default_attributes.writer);
  }
  return found;
}

describe('two role:create writers in one folder', () => {
  let dir: string;
  beforeAll(() => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'hangar-genrace-'));
    writeConfig(dir, 'A.json', 'A');
    writeConfig(dir, 'B.json', 'B');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with --wait-lock 0: one writes, the other exits 1 at once naming the holder; the files are all from the one that wrote', async () => {
    let lost = 0;
    // At least 3 rounds, and more (at most 10) until one had a loser: on a loaded machine one start may lag.
    for (let round = 0; round < 10 && (round < 3 || lost === 0); round++) {
      rmSync(join(dir, 'roles'), { recursive: true, force: true });
      const [a, b] = await Promise.all([roleCreate(dir, 'A.json', ['--wait-lock', '0']), roleCreate(dir, 'B.json', ['--wait-lock', '0'])]);
      const outcomes = [a.exitCode, b.exitCode];
      if (outcomes.includes(1)) lost++;
      for (const r of [a, b]) {
        if (r.exitCode === 1)
          expect(r.stderr).toMatch(/the project's generated files are locked by \S+@\S+ pid \d+ \(role:create, since .+Z\); nothing was done/);
        else expect(r.exitCode, r.stderr).toBe(0);
      }
      const found = writers(dir);
      expect(found.size, `round ${round}: ${outcomes.join(',')}`).toBe(1);
      // When both ran, they ran one after the other; when one lost, the files are the winner's.
      if (a.exitCode === 1) expect([...found]).toEqual(['B']);
      if (b.exitCode === 1) expect([...found]).toEqual(['A']);
    }
    // Both reach the lock within milliseconds: in practice nearly every round has a loser; at least one must.
    expect(lost).toBeGreaterThan(0);
  }, 120_000);

  it('by default the second waits a short while and runs after: both exit 0, every file from one writer', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = await Promise.all([roleCreate(dir, 'A.json', []), roleCreate(dir, 'B.json', [])]);
      expect([a.exitCode, b.exitCode], `${a.stderr}\n${b.stderr}`).toEqual([0, 0]);
      expect(writers(dir).size).toBe(1);
    }
  }, 120_000);
});
