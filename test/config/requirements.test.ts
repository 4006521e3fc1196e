// Keys are required per action: the seed example (test/config/fixtures/seed-nodes.json) works as pasted, and a missing key names group, key and action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { CLI } from '../helpers/project.js';
import { SEED, projectWith, snapshot } from './disk.js';

const ENV = { NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
const run = (dir: string, args: string[]) => execa('node', [CLI, ...args], { cwd: dir, env: ENV, reject: false, stdin: 'ignore', timeout: 20_000 });

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('the seed example nodes.json, as pasted (no ssh_username anywhere)', () => {
  it('role:create, roles:update, packer:create and autoscale:create 12_04-bee all succeed; the template passes packer validate', async () => {
    const project = projectWith(SEED);
    cleanup = project.cleanup;
    for (const action of ['role:create', 'roles:update', 'packer:create', 'autoscale:create']) {
      const result = await run(project.dir, [action, '12_04-bee']);
      expect(result.stderr, action).toBe('');
      expect(result.exitCode, action).toBe(0);
    }
    const role = JSON.parse(readFileSync(join(project.dir, 'roles', 'role-12_04-bee.json'), 'utf8'));
    expect(role.description).toBe('12_04-bee-ec2 instance, responsible for worker processes');
    expect(role.default_attributes).toEqual({ environment: 'production', key: 'value', other_key: 'value' });
    expect(role.run_list).toEqual(['recipe[seatgeek-service::api-workers]', 'recipe[seatgeek::collect-services]']);
    const template = JSON.parse(readFileSync(join(project.dir, 'packer', '12_04-bee.json'), 'utf8'));
    expect(template.builders[0]).toMatchObject({
      type: 'amazon-ebs',
      region: 'us-east-1',
      source_ami: 'ami-1ebb2077',
      instance_type: 'm1.large',
      ssh_username: 'ubuntu',
    });
    expect(JSON.parse(readFileSync(join(project.dir, 'dna', 'asg', '12_04-bee.json'), 'utf8')).run_list).toEqual(['role[role-12_04-bee]']);
    if (haveBinaries('packer')) {
      const validate = await execa('packer', ['validate', 'packer/12_04-bee.json'], { cwd: project.dir, reject: false });
      expect(validate.stderr).toBe('');
      expect(validate.exitCode).toBe(0);
    }
  });

  it('config:show marks the defaulted ssh_username with origin default', async () => {
    const project = projectWith(SEED);
    cleanup = project.cleanup;
    const text = await run(project.dir, ['config:show', '12_04-bee']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/"ssh_username": "ubuntu"\s+\/\/ default/);
    expect(text.stdout).toMatch(/"region": "us-east-1",\s+\/\/ base/);
    const json = await run(project.dir, ['config:show', '12_04-bee', '--json']);
    const result = json.stdout
      .split('\n')
      .map((line) => JSON.parse(line))
      .find((e) => e.type === 'result');
    expect(result.data.origins.ssh_username).toEqual({ kind: 'default' });
    expect(result.data.origins.region).toEqual({ kind: 'base' });
  });
});

/** __base__ sets nothing: `bare` has no region, instance type, AMI or autoscale; `quiet` is never built. */
const SPARSE = `{
  "__base__": {},
  "bare": {"run_list": ["recipe[a::b]"]},
  "quiet": {"packer": false, "region": "us-east-1"}
}
`;

interface Case {
  args: string[];
  exit: 0 | 2;
  stderr: string[];
  /** Keys that must not be named (e.g. ssh_username, which defaults). */
  notNamed?: string[];
}

const cases: Case[] = [
  { args: ['config:show', 'bare'], exit: 0, stderr: [] },
  { args: ['plan', 'quiet'], exit: 0, stderr: [] },
  {
    args: ['packer:create', 'bare'],
    exit: 2,
    stderr: [
      '3 keys missing for packer:create',
      'group "bare": packer:create needs "region", which neither bare nor __base__ sets',
      'needs "source_ami"',
      'needs "instance_type"',
    ],
    notNamed: ['ssh_username'],
  },
  {
    args: ['packer:run', 'quiet'],
    exit: 2,
    stderr: ['nodes.json:4:13: group "quiet" sets "packer": false: packer:run needs an image to build'],
    notNamed: ['source_ami'],
  },
  { args: ['packer:create', 'quiet'], exit: 2, stderr: ['packer:create needs an image to build'] },
  {
    args: ['autoscale:create', 'bare'],
    exit: 2,
    stderr: ['group "bare" does not autoscale: autoscale:create needs an "autoscale" object', 'group "bare": autoscale:create needs "region"'],
  },
  { args: ['autoscale:run', 'bare'], exit: 2, stderr: ['autoscale:run needs an "autoscale" object', 'autoscale:run needs "instance_type"'] },
  { args: ['autoscale:update', 'bare', '--yes'], exit: 2, stderr: ['autoscale:update needs "region"'] },
  { args: ['autoscale:status', 'bare'], exit: 2, stderr: ['group "bare": autoscale:status needs "region"'] },
  {
    args: ['instance:create', 'bare', '--key', 'k.pem', '--name', 'n'],
    exit: 2,
    stderr: ['instance:create needs "region"', 'instance:create needs "instance_type"'],
  },
  { args: ['instance:list'], exit: 2, stderr: ['group "bare": instance:list needs "region"'] },
  { args: ['instance:deploy', 'bare'], exit: 2, stderr: ['group "bare": instance:deploy needs "region"'], notNamed: ['ssh_username'] },
  { args: ['fleet:status', 'bare'], exit: 2, stderr: ['fleet:status needs "region"'] },
  { args: ['packer:clean', 'bare', '-n', '1', '--yes'], exit: 2, stderr: ['packer:clean needs "region"'] },
  { args: ['packer:delete', 'bare', '--yes'], exit: 2, stderr: ['packer:delete needs "region"'] },
  { args: ['plan'], exit: 2, stderr: ['plan needs "source_ami"'] },
];

describe('requirements per action, checked before the action runs', () => {
  it.each(cases)('$args.0 $args.1 → exit $exit', async ({ args, exit, stderr, notNamed = [] }) => {
    const project = projectWith(SPARSE);
    cleanup = project.cleanup;
    const before = snapshot(project.dir);
    const result = await run(project.dir, args);
    for (const text of stderr) expect(result.stderr).toContain(text);
    for (const key of notNamed) expect(result.stderr).not.toContain(key);
    expect(result.exitCode).toBe(exit);
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('role:create needs none of them', async () => {
    const project = projectWith(SPARSE);
    cleanup = project.cleanup;
    const result = await run(project.dir, ['role:create', 'bare']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(project.dir, 'roles', 'role-bare.json'), 'utf8')).run_list).toEqual(['recipe[a::b]']);
  });
});
