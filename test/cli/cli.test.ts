import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, hangar, tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
afterEach(() => project?.cleanup());

/** Every file under dir with its content, to prove nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[path.slice(dir.length)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  expect(existsSync(join(ROOT, 'dist', 'cli.js')), 'build first: npm run build').toBe(true);
});

describe('hangar CLI (child process on a temp project)', () => {
  it('--help lists every action from the catalog; help ACTION shows its flags', async () => {
    project = tempProject();
    const help = await hangar(project.dir, ['--help']);
    expect(help.exitCode).toBe(0);
    for (const name of ['config:show', 'plan', 'role:create', 'roles:update', 'packer:create', 'autoscale:create']) {
      expect(help.stdout).toContain(name);
    }
    const roleHelp = await hangar(project.dir, ['help', 'role:create']);
    expect(roleHelp.stdout).toContain('hangar role:create GROUP... [flags]');
    expect(roleHelp.stdout).toContain('--force');
  });

  it('plan on a fresh project lists what would be created; --check exits 1, then 0 once generated', async () => {
    project = tempProject();
    for (const dir of ['roles', 'packer', 'dna']) rmSync(join(project.dir, dir), { recursive: true });
    const plan = await hangar(project.dir, ['plan']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain('+++ b/roles/role-12_04-bee.json');
    expect(plan.stdout).toContain('6 to create, 0 to update, 0 unchanged');
    const check = await hangar(project.dir, ['plan', '--check']);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain('6 generated files are stale');
    expect(existsSync(join(project.dir, 'roles'))).toBe(false);

    expect((await hangar(project.dir, ['packer:create', '12_04-*'])).exitCode).toBe(0);
    expect((await hangar(project.dir, ['autoscale:create', '12_04-bee', '12_04-www'])).exitCode).toBe(0);
    const after = await hangar(project.dir, ['plan', '--check']);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toContain('0 to create, 0 to update, 6 unchanged');
  });

  it('role:create refuses to overwrite a changed role without --force, and writes nothing', async () => {
    project = tempProject();
    const role = join(project.dir, 'roles/role-12_04-bee.json');
    writeFileSync(role, '{"edited": "by hand"}\n');
    const refused = await hangar(project.dir, ['role:create', '12_04-bee', '12_04-www']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('roles/role-12_04-bee.json already exists and differs');
    expect(refused.stderr).toContain('hangar roles:update 12_04-bee');
    expect(readFileSync(role, 'utf8')).toBe('{"edited": "by hand"}\n');
    const forced = await hangar(project.dir, ['role:create', '12_04-bee', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(role, 'utf8')).name).toBe('role-12_04-bee');
  });

  it('roles:update (and its alias role:update) prints the diff, then writes', async () => {
    project = tempProject();
    const role = join(project.dir, 'roles/role-12_04-www.json');
    writeFileSync(role, readFileSync(role, 'utf8').replace('"recipe[nginx::default]",\n', ''));
    const update = await hangar(project.dir, ['role:update', '12_04-www']);
    expect(update.exitCode).toBe(0);
    expect(update.stdout).toContain('+    "recipe[nginx::default]",');
    expect(update.stdout).toContain('updated roles/role-12_04-www.json');
    expect(readFileSync(role, 'utf8')).toContain('recipe[nginx::default]');
  });

  it('autoscale:create writes the dna and the role; a group without autoscale is an error that says so', async () => {
    project = tempProject();
    const nodes = join(project.dir, 'nodes.json');
    writeFileSync(nodes, readFileSync(nodes, 'utf8').replace('"12_04-www": {', '"solo": {"description": "one-off"},\n  "12_04-www": {'));
    const result = await hangar(project.dir, ['autoscale:create', 'solo']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('group "solo" does not autoscale');
    rmSync(join(project.dir, 'dna'), { recursive: true });
    rmSync(join(project.dir, 'roles/role-12_04-bee.json'));
    const ok = await hangar(project.dir, ['autoscale:create', '12_04-bee']);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(project.dir, 'dna/asg/12_04-bee.json'), 'utf8')).id).toBe('12_04-bee');
    expect(existsSync(join(project.dir, 'roles/role-12_04-bee.json'))).toBe(true);
  });

  it('a bad nodes.json exits 2 with file:line:col and writes nothing', async () => {
    project = tempProject();
    const nodes = join(project.dir, 'nodes.json');
    writeFileSync(nodes, readFileSync(nodes, 'utf8').replace('"node_min": 2,\n      "node_max": 2', '"node_min": "2",\n      "node_max": 2'));
    rmSync(join(project.dir, 'roles'), { recursive: true });
    const before = snapshot(project.dir);
    for (const args of [['role:create', '12_04-bee'], ['plan'], ['autoscale:create', '12_04-bee']]) {
      const result = await hangar(project.dir, args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/nodes\.json:\d+:\d+: group "12_04-bee": autoscale\.node_min: expected number/);
    }
    writeFileSync(nodes, '{ "__base__": { "region": "us-east-1" ');
    const broken = await hangar(project.dir, ['plan']);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toMatch(/nodes\.json:1:\d+: invalid JSON5/);
    expect(snapshot(project.dir)).toEqual({ ...before, '/nodes.json': '{ "__base__": { "region": "us-east-1" ' });
  });

  it('an unknown group exits 2 and names the closest one', async () => {
    project = tempProject();
    const result = await hangar(project.dir, ['config:show', '12_04-wwww']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('unknown group "12_04-wwww"; did you mean "12_04-www"?');
  });

  it('config:show marks origins; config:diff shows what a group overrides', async () => {
    project = tempProject();
    const show = await hangar(project.dir, ['config:show', '12_04-www']);
    expect(show.stdout).toMatch(/"instance_type": "m3\.xlarge",\s+\/\/ group/);
    expect(show.stdout).toMatch(/"region": "us-east-1",\s+\/\/ base/);
    expect(show.stdout).toMatch(/"www"\s+\/\/ group/);
    const diff = await hangar(project.dir, ['config:diff', '12_04-www']);
    expect(diff.stdout).toContain('-  "instance_type": "m1.large",');
    expect(diff.stdout).toContain('+  "instance_type": "m3.xlarge",');
  });

  it('--json prints one JSON object per event', async () => {
    project = tempProject();
    const result = await hangar(project.dir, ['plan', '--json']);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events.length).toBeGreaterThan(0);
    const final = events.find((e) => e.type === 'result');
    expect(final.action).toBe('plan');
    expect(final.data.stale).toBe(0);
    expect(final.data.files).toHaveLength(6);
  });

  it('finds nodes.json with -C DIR and --config PATH; says so when there is none', async () => {
    project = tempProject();
    const elsewhere = join(project.dir, '..');
    const byDir = await hangar(elsewhere, ['-C', project.dir, 'plan', '--check']);
    expect(byDir.exitCode).toBe(0);
    const byPath = await hangar(elsewhere, ['plan', '--config', join(project.dir, 'nodes.json'), '--check']);
    expect(byPath.exitCode).toBe(0);
    const none = await hangar(join(project.dir, 'roles'), ['plan']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('no nodes.json in');
  });

  it('bad usage exits 2: unknown action, unknown flag, missing group', async () => {
    project = tempProject();
    expect((await hangar(project.dir, ['packer:creat', '12_04-bee'])).exitCode).toBe(2);
    const flag = await hangar(project.dir, ['plan', '--chek']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain('unknown flag --chek; did you mean --check?');
    const missing = await hangar(project.dir, ['role:create']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('role:create needs at least one group');
  });
});
