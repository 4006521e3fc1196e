// Table-driven CLI checks: every refusal has its exit code and message, and leaves the project folder exactly as it was.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/disk.js';
import { ROOT, hangar, tempProject } from '../helpers/project.js';

/** No AWS call can leave the machine: metadata off, a closed loopback endpoint. */
const ENV = { AWS_EC2_METADATA_DISABLED: 'true', AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

const editNodes = (dir: string, from: string, to: string) => {
  const path = join(dir, 'nodes.json');
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
};

interface Case {
  name: string;
  /** Changes the fresh copy of the example project before the command runs. */
  setup?: (dir: string) => void;
  args: string[];
  exit: number;
  stderr: (string | RegExp)[];
}

const cases: Case[] = [
  {
    name: 'autoscale:create refuses a changed role before writing the dna',
    setup: (dir) => {
      rmSync(join(dir, 'dna'), { recursive: true });
      writeFileSync(join(dir, 'roles/role-12_04-bee.json'), '{"edited": "by hand"}\n');
    },
    args: ['autoscale:create', '12_04-bee'],
    exit: 1,
    stderr: ['roles/role-12_04-bee.json already exists and differs from nodes.json: nothing was written', 'hangar roles:update 12_04-bee'],
  },
  {
    name: 'role:create refuses a changed role and does not write the other, missing one',
    setup: (dir) => {
      rmSync(join(dir, 'roles/role-12_04-www.json'));
      writeFileSync(join(dir, 'roles/role-12_04-bee.json'), '{"edited": "by hand"}\n');
    },
    args: ['role:create', '12_04-www', '12_04-bee'],
    exit: 1,
    stderr: ['roles/role-12_04-bee.json already exists and differs'],
  },
  {
    name: 'packer:run on a group with "packer": false is bad usage',
    setup: (dir) => editNodes(dir, '"12_04-bee": {', '"12_04-bee": {\n    "packer": false,'),
    args: ['packer:run', '12_04-www', '12_04-bee'],
    exit: 2,
    stderr: ['group "12_04-bee" sets "packer": false: packer:run needs an image to build'],
  },
  {
    name: 'packer:create on a group with "packer": false is bad usage',
    setup: (dir) => {
      editNodes(dir, '"12_04-bee": {', '"12_04-bee": {\n    "packer": false,');
      rmSync(join(dir, 'packer'), { recursive: true });
    },
    args: ['packer:create', '12_04-www', '12_04-bee'],
    exit: 2,
    stderr: ['group "12_04-bee" sets "packer": false'],
  },
  {
    name: 'packer template syntax where packer cannot read it literally: exit 2, the field named, nothing written',
    setup: (dir) => {
      editNodes(dir, '"12_04-bee": {', '"12_04-bee": {\n    "tags": {"team": "{{x}}"},');
      rmSync(join(dir, 'packer'), { recursive: true });
    },
    args: ['packer:create', '12_04-www', '12_04-bee'],
    exit: 2,
    stderr: ['group "12_04-bee": "{{" in tags: packer renders these fields'],
  },
  {
    name: 'a folder where a role file should be: the path and EISDIR, nothing written',
    setup: (dir) => {
      rmSync(join(dir, 'roles/role-12_04-www.json'));
      rmSync(join(dir, 'roles/role-12_04-bee.json'));
      mkdirSync(join(dir, 'roles/role-12_04-bee.json'));
    },
    args: ['role:create', '12_04-www', '12_04-bee'],
    exit: 1,
    stderr: [/cannot read \/.*\/roles\/role-12_04-bee\.json: it is a folder, not a file \(EISDIR\)/],
  },
  {
    name: 'a file where the roles folder should be: the path and ENOTDIR, nothing written',
    setup: (dir) => {
      rmSync(join(dir, 'roles'), { recursive: true });
      rmSync(join(dir, 'dna'), { recursive: true });
      writeFileSync(join(dir, 'roles'), 'not a folder\n');
    },
    args: ['autoscale:create', '12_04-bee'],
    exit: 1,
    stderr: [/cannot read \/.*\/roles\/role-12_04-bee\.json: a folder on its path is a file \(ENOTDIR\)/],
  },
  {
    name: 'plan names a path it cannot read',
    setup: (dir) => {
      rmSync(join(dir, 'packer/12_04-www.json'));
      mkdirSync(join(dir, 'packer/12_04-www.json'));
    },
    args: ['plan'],
    exit: 1,
    stderr: [/packer\/12_04-www\.json: it is a folder, not a file \(EISDIR\)/],
  },
  {
    name: 'an unknown flag gets the closest one',
    args: ['plan', '--chek'],
    exit: 2,
    stderr: ['plan: unknown flag --chek; did you mean --check?', 'see: hangar help plan'],
  },
  {
    name: 'an unknown action gets the closest one',
    args: ['packer:clen', '12_04-bee'],
    exit: 2,
    stderr: ['unknown action "packer:clen"; did you mean packer:clean?'],
  },
  {
    name: 'help of an unknown action gets the closest one',
    args: ['help', 'autoscale:stauts'],
    exit: 2,
    stderr: ['did you mean autoscale:status?'],
  },
  {
    name: 'a negative -n is a range error, not a flag',
    args: ['packer:clean', '12_04-bee', '-n', '-3', '--yes'],
    exit: 2,
    stderr: ['packer:clean: --keep (-n) expects a whole number from 0 to 100000, got "-3"'],
  },
  {
    name: 'a --timeout beyond what a timer holds',
    args: ['instance:deploy', '12_04-bee', '--timeout', '3000000'],
    exit: 2,
    stderr: ['instance:deploy: --timeout expects a number from 1 to 2147483 seconds, got "3000000"'],
  },
  {
    name: 'a --watch --interval beyond an hour',
    args: ['autoscale:status', '12_04-bee', '--watch', '--interval', '3000000'],
    exit: 2,
    stderr: ['--interval expects a number from 0.1 to 3600 seconds'],
  },
  {
    name: 'a --grace-period beyond what a timer holds',
    args: ['packer:run', '12_04-bee', '--grace-period', '3000000'],
    exit: 2,
    stderr: ['--grace-period expects a number from 0 to 2147483 seconds'],
  },
  {
    name: 'a port out of range',
    args: ['instance:deploy', '--port', '70000'],
    exit: 2,
    stderr: ['--port expects a whole number from 1 to 65535, got "70000"'],
  },
  {
    name: 'a fraction where a whole number goes',
    args: ['packer:clean', '12_04-bee', '--concurrency', '1.5'],
    exit: 2,
    stderr: ['--concurrency expects a whole number from 1 to 64'],
  },
  {
    name: 'not a number',
    args: ['autoscale:update', '12_04-bee', '--min-healthy', 'lots'],
    exit: 2,
    stderr: ['--min-healthy expects a whole number from 0 to 100, got "lots"'],
  },
  { name: 'a value given to a switch', args: ['plan', '--check=yes'], exit: 2, stderr: ['plan: --check takes no value'] },
  { name: 'a value missing', args: ['instance:deploy', '--port'], exit: 2, stderr: ['instance:deploy: --port needs a value (PORT)'] },
];

let project: ReturnType<typeof tempProject> | undefined;
afterEach(() => project?.cleanup());

beforeAll(() => {
  expect(existsSync(join(ROOT, 'dist', 'cli.js')), 'build first: npm run build').toBe(true);
});

describe('refusals leave the project folder unchanged', () => {
  it.each(cases)('$name', async ({ setup, args, exit, stderr }) => {
    project = tempProject();
    setup?.(project.dir);
    const before = snapshot(project.dir);
    const result = await hangar(project.dir, args, ENV);
    expect({ exit: result.exitCode, stdout: result.stdout }).toMatchObject({ exit });
    for (const text of stderr) expect(result.stderr).toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(snapshot(project.dir)).toEqual(before);
  });
});

describe('an empty nodes.json', () => {
  it('plan says there are no groups (not "0 unchanged") and writes nothing', async () => {
    project = tempProject();
    writeFileSync(join(project.dir, 'nodes.json'), '{}\n');
    const before = snapshot(project.dir);
    const plan = await hangar(project.dir, ['plan'], ENV);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout + plan.stderr).toContain('no groups');
    expect(plan.stdout).not.toContain('0 unchanged');
    const role = await hangar(project.dir, ['role:create', 'x'], ENV);
    expect(role.exitCode).toBe(2);
    expect(snapshot(project.dir)).toEqual(before);
  });
});
