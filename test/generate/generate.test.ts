import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, loadConfigText } from '../../src/config/load.js';
import { applyPlan, diffFile, filesForGroup, planFiles, renderAsgDna, renderPacker, renderRole } from '../../src/generate/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { ROOT, tempProject } from '../helpers/project.js';

const golden = (name: string) => readFileSync(join(ROOT, 'test/generate/golden', name), 'utf8');
const example = () => loadConfig(join(ROOT, 'nodes.json'));

describe('generated files match the golden files', () => {
  it('role (the seed example is the reference)', () => {
    const config = example();
    const file = renderRole(config, config.groups.get('12_04-bee')!);
    expect(file.path).toBe('roles/role-12_04-bee.json');
    expect(file.content).toBe(golden('role-12_04-bee.json'));
    const role = JSON.parse(file.content);
    expect(Object.keys(role)).toEqual(['name', 'chef_type', 'json_class', 'description', 'override_attributes', 'default_attributes', 'run_list']);
    // post_run_list comes last and never as its own key
    expect(role.run_list.at(-1)).toBe('recipe[seatgeek::notify]');
    expect(role.post_run_list).toBeUndefined();
  });

  it('packer template', () => {
    const config = example();
    const file = renderPacker(config, config.groups.get('12_04-bee')!);
    expect(file.path).toBe('packer/12_04-bee.json');
    expect(file.content).toBe(golden('packer-12_04-bee.json'));
    const builder = JSON.parse(file.content).builders[0];
    expect(builder.ami_name).toBe('12_04-bee {{timestamp}}');
    expect(builder.tags.group).toBe('12_04-bee');
    expect(builder.tags['hangar:config']).toBe(config.groups.get('12_04-bee')!.hash);
    expect(file.content).not.toMatch(/access_key|secret_key|AKIA/);
  });

  it('asg dna', () => {
    const config = example();
    const file = renderAsgDna(config, config.groups.get('12_04-bee')!);
    expect(file.path).toBe('dna/asg/12_04-bee.json');
    expect(file.content).toBe(golden('dna-asg-12_04-bee.json'));
    expect(JSON.parse(file.content)).toMatchObject({ id: '12_04-bee', run_list: ['role[role-12_04-bee]'] });
  });

  it('writes stable 2-space JSON with a final newline, identical on a rerun', () => {
    const config = example();
    const group = config.groups.get('12_04-www')!;
    const first = filesForGroup(config, group).map((f) => f.content);
    const second = filesForGroup(config, group).map((f) => f.content);
    expect(second).toEqual(first);
    for (const content of first) {
      expect(content.endsWith('}\n')).toBe(true);
      expect(content.split('\n')[1]).toMatch(/^ {2}"/);
    }
  });
});

describe('values that could break the JSON', () => {
  // No "{{": packer cannot carry it in ami_description (see packer-escape.test.ts); role and dna files can.
  const tricky = 'say "hi" \\ back\\slash\nnew line }}not a template}} </script> & <b> `tick`';
  const config = loadConfigText(
    '/p/nodes.json',
    JSON.stringify({
      __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 't3.micro', ssh_username: 'ubuntu' },
      g: { description: tricky, default_attributes: { quote: '"', html: '<&>' }, autoscale: { node_min: 1 } },
    }),
  );

  it('go through the JSON helper into valid JSON, unescaped for HTML', () => {
    for (const file of filesForGroup(config, config.groups.get('g')!)) {
      const parsed = JSON.parse(file.content);
      if (file.kind === 'role') {
        expect(parsed.description).toBe(tricky);
        expect(parsed.default_attributes).toEqual({ quote: '"', html: '<&>' });
      }
      if (file.kind === 'packer') expect(parsed.builders[0].ami_description).toBe(tricky);
    }
  });

  it('a role keeps "{{" as written (only packer templates treat it as code)', () => {
    const braces = loadConfigText(
      '/p/nodes.json',
      JSON.stringify({
        __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 't3.micro', ssh_username: 'ubuntu' },
        g: { description: 'x {{y}}', default_attributes: { t: '{{z}}' } },
      }),
    );
    const role = JSON.parse(renderRole(braces, braces.groups.get('g')!).content);
    expect([role.description, role.default_attributes.t]).toEqual(['x {{y}}', '{{z}}']);
  });
});

describe('templates', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project?.cleanup());

  it("a project's templates/ folder overrides a built-in template file by file", () => {
    project = tempProject();
    mkdirSync(join(project.dir, 'templates'));
    writeFileSync(join(project.dir, 'templates', 'role.json.hbs'), '{"name": {{json role}}, "custom": true, "run_list": {{json run_list}} }');
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const group = config.groups.get('12_04-bee')!;
    expect(JSON.parse(renderRole(config, group).content)).toMatchObject({ name: 'role-12_04-bee', custom: true });
    // the packer template is still the built-in one
    expect(renderPacker(config, group).content).toBe(golden('packer-12_04-bee.json'));
  });

  it('a template that renders invalid JSON is an error naming it', () => {
    project = tempProject();
    mkdirSync(join(project.dir, 'templates'));
    writeFileSync(join(project.dir, 'templates', 'dna.json.hbs'), '{"id": {{id}} }');
    const config = loadConfig(join(project.dir, 'nodes.json'));
    expect(() => renderAsgDna(config, config.groups.get('12_04-bee')!)).toThrow(/dna\.json\.hbs did not produce valid JSON/);
  });
});

describe('plan and writes', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project?.cleanup());

  it('plans create/update/unchanged and diffs against disk', () => {
    project = tempProject();
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const bee = config.groups.get('12_04-bee')!;
    writeFileSync(join(project.dir, 'roles/role-12_04-bee.json'), '{"old": true}\n');
    const planned = planFiles(config, filesForGroup(config, bee));
    expect(planned.map((f) => [f.path, f.status])).toEqual([
      ['roles/role-12_04-bee.json', 'update'],
      ['packer/12_04-bee.json', 'unchanged'],
      ['dna/asg/12_04-bee.json', 'unchanged'],
    ]);
    const diff = diffFile(planned[0]!);
    expect(diff).toContain('--- a/roles/role-12_04-bee.json');
    expect(diff).toContain('-{"old": true}');
    expect(diff).toContain('+  "name": "role-12_04-bee",');
    expect(diffFile(planned[1]!)).toBe('');
  });

  it('does not rewrite an unchanged file (its mtime stays) and writes a changed one', () => {
    project = tempProject();
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const bee = config.groups.get('12_04-bee')!;
    const packerFile = join(project.dir, 'packer/12_04-bee.json');
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(packerFile, past, past);
    writeFileSync(join(project.dir, 'roles/role-12_04-bee.json'), 'stale');
    const written = applyPlan(config, planFiles(config, filesForGroup(config, bee)));
    expect(written).toEqual(['roles/role-12_04-bee.json']);
    expect(statSync(packerFile).mtime.getTime()).toBe(past.getTime());
    expect(readFileSync(join(project.dir, 'roles/role-12_04-bee.json'), 'utf8')).toBe(golden('role-12_04-bee.json'));
  });
});

describe('packer validate (real packer) on every generated template', () => {
  const hasPacker = haveBinaries('packer');
  let project: ReturnType<typeof tempProject>;
  beforeAll(() => {
    project = tempProject();
    return () => project.cleanup();
  });

  it.skipIf(!hasPacker)('accepts the example templates', async () => {
    const config = loadConfig(join(project.dir, 'nodes.json'));
    expect(config.groups.size).toBeGreaterThan(0);
    for (const group of config.groups.values()) {
      const file = renderPacker(config, group);
      const result = await execa('packer', ['validate', file.path], { cwd: project.dir, reject: false });
      expect(result.stderr + result.stdout).not.toMatch(/error/i);
      expect(result.exitCode).toBe(0);
    }
  });

  it.skipIf(!hasPacker)('rejects a broken one (the check can fail)', async () => {
    writeFileSync(join(project.dir, 'broken.json'), JSON.stringify({ builders: [{ type: 'amazon-ebs' }] }));
    const result = await execa('packer', ['validate', 'broken.json'], { cwd: project.dir, reject: false });
    expect(result.exitCode).not.toBe(0);
  });
});
