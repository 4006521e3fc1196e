// Every bad nodes.json case through the CLI as a child process: exit code, message, and the disk unchanged.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/project.js';
import { SEED, deepJson, projectWith, seedWith, snapshot } from './disk.js';

interface Case {
  name: string;
  /** nodes.json content (default: the seed). */
  content?: string | Uint8Array;
  /** Prepares the folder; returns extra CLI args (e.g. --config PATH). */
  setup?: (dir: string) => string[];
  args: string[];
  exit: 0 | 2;
  /** Each must appear in stderr. */
  stderr: (string | RegExp)[];
}

const F = 'nodes.json';
const plainSeed = JSON.stringify(
  {
    __base__: { region: 'us-east-1', instance_type: 'm1.large', source_ami: 'ami-1ebb2077', run_list: [] },
    g: { description: 'g', run_list: ['recipe[a::b]'] },
  },
  null,
  2,
);
const big = 'x'.repeat(300);

const cases: Case[] = [
  // files that are not regular files: refused before reading, no hang
  {
    name: 'a FIFO as --config',
    setup: (dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe')]);
      return ['--config', 'pipe'];
    },
    args: ['config:show', '12_04-bee'],
    exit: 2,
    stderr: [/pipe is a FIFO \(named pipe\), not a regular file/],
  },
  {
    name: '/dev/zero as --config',
    setup: () => ['--config', '/dev/zero'],
    args: ['plan'],
    exit: 2,
    stderr: ['/dev/zero is a character device, not a regular file'],
  },
  {
    name: 'a directory as --config',
    setup: (dir) => {
      mkdirSync(join(dir, 'conf'));
      return ['--config', 'conf'];
    },
    args: ['plan'],
    exit: 2,
    stderr: [/conf is a directory, not a regular file/],
  },
  // duplicates, at any depth, JSON and JSON5, with both positions
  {
    name: 'a duplicate group (JSON)',
    content: '{\n  "g": {"region": "a"},\n  "g": {"region": "b"}\n}\n',
    args: ['plan'],
    exit: 2,
    stderr: [`${F}:3:3: duplicate key "g" in the top level: it is first at `, `${F}:2:3;`],
  },
  {
    name: 'a duplicate nested key (JSON5)',
    content: seedWith('"node_max": 2', '"node_max": 2, "node_min": 3'),
    args: ['plan'],
    exit: 2,
    stderr: [/nodes\.json:28:22: duplicate key "node_min" in 12_04-bee\.autoscale: it is first at \S+nodes\.json:27:7;/],
  },
  {
    name: 'a duplicate __base__',
    content: `${seedWith('"12_04-www": {', '"__base__": {"region": "x"},\n  "12_04-www": {')}`,
    args: ['plan'],
    exit: 2,
    stderr: [/:39:3: duplicate key "__base__" in the top level: it is first at \S+:6:3/],
  },
  {
    name: 'a duplicate deep inside default_attributes (JSON)',
    content: '{"g": {"default_attributes": {"a": {"b": {"c": 1, "c": 2}}}}}',
    args: ['plan'],
    exit: 2,
    stderr: [`${F}:1:51: duplicate key "c" in g.default_attributes.a.b: it is first at`, `${F}:1:43;`],
  },
  // __proto__, constructor, prototype
  {
    name: '__proto__ under default_attributes (JSON)',
    content: plainSeed.replace('"description": "g"', '"description": "g", "default_attributes": {"__proto__": {"x": 1}}'),
    args: ['role:create', 'g'],
    exit: 2,
    stderr: ['key "__proto__" in g.default_attributes is not allowed'],
  },
  {
    name: 'constructor as a group key (JSON5)',
    content: seedWith('"instance_type": "m3.xlarge",', 'constructor: \'x\', "instance_type": "m3.xlarge",'),
    args: ['plan'],
    exit: 2,
    stderr: ['key "constructor" in 12_04-www is not allowed'],
  },
  { name: 'prototype as a group name', content: '{"prototype": {}}', args: ['plan'], exit: 2, stderr: ['key "prototype" in the top level is not allowed'] },
  // limits
  { name: '5,000-deep nesting (JSON)', content: deepJson(5000), args: ['plan'], exit: 2, stderr: [`${F}:1:126: nested deeper than 64 levels`] },
  { name: '5,000-deep nesting (JSON5)', content: `// deep\n${deepJson(5000)}`, args: ['plan'], exit: 2, stderr: [`${F}:2:126: nested deeper than 64 levels`] },
  {
    name: 'a 300-character group name',
    content: `{"__base__": {"region": "r"}, "${big}": {}}`,
    args: ['plan'],
    exit: 2,
    stderr: ['invalid group name: it is 300 characters; at most 100'],
  },
  {
    name: 'NaN (JSON5)',
    content: seedWith('"timeout": 120', '"timeout": NaN'),
    args: ['plan'],
    exit: 2,
    stderr: [/nodes\.json:26:18: NaN at 12_04-bee\.autoscale\.timeout is not allowed/],
  },
  {
    name: '-Infinity (JSON5)',
    content: seedWith('"timeout": 120', '"timeout": -Infinity'),
    args: ['plan'],
    exit: 2,
    stderr: [/nodes\.json:26:18: -Infinity at 12_04-bee\.autoscale\.timeout is not allowed/],
  },
  {
    name: '1e999 (JSON: parses to Infinity)',
    content: '{"g": {"autoscale": {"timeout": 1e999}}}',
    args: ['plan'],
    exit: 2,
    stderr: [`${F}:1:33: number out of range at g.autoscale.timeout`],
  },
  {
    name: 'a byte that is not UTF-8',
    content: Buffer.concat([Buffer.from('{\n  "g": {"description": "caf'), Buffer.from([0xe9]), Buffer.from('"}\n}\n')]),
    args: ['plan'],
    exit: 2,
    stderr: [`${F}:2:28: invalid UTF-8 (byte 0xe9)`],
  },
  // __base__ and empty configs
  {
    name: '"__base__": null',
    content: seedWith('"__base__": {', '"__base__": null, "x": {'),
    args: ['plan'],
    exit: 2,
    stderr: ['__base__ (inherited by every group) must be an object, got null'],
  },
  { name: '"__base__": []', content: '{"__base__": [], "g": {}}', args: ['plan'], exit: 2, stderr: ['must be an object, got an array'] },
  { name: 'an empty config: a warning, exit 0', content: '{}', args: ['plan'], exit: 0, stderr: ['warning: nodes.json defines no node groups'] },
  // unknown keys in autoscale, services, packer: warnings
  {
    name: 'a typo in autoscale',
    content: seedWith('"node_min": 2', '"nodemin": 2'),
    args: ['config:show', '12_04-bee'],
    exit: 0,
    stderr: ['unknown key "nodemin" in autoscale (ignored); did you mean "node_min"?'],
  },
  {
    name: 'a typo in services.*',
    content: seedWith('"instance_type": "m3.xlarge",', '"instance_type": "m3.xlarge", "services": {"www": {"port": 80, "stauts": "/s"}},'),
    args: ['config:show', '12_04-www'],
    exit: 0,
    stderr: ['unknown key "stauts" in services.www (ignored); did you mean "status"?'],
  },
  {
    name: 'packer keys hangar sets itself, and unknown ones',
    content: seedWith(
      '"instance_type": "m3.xlarge",',
      '"instance_type": "m3.xlarge", "packer": {"region": "eu-west-1", "ebs_optimised": true, "ebs_optimized": true},',
    ),
    args: ['config:show', '12_04-www'],
    exit: 0,
    stderr: [
      'packer.region is not for nodes.json: hangar writes it from the group\'s "region"',
      'packer.ebs_optimised is not an amazon-ebs builder option; packer validate will reject it (did you mean "ebs_optimized"?)',
    ],
  },
  {
    name: 'Object.prototype names are plain unknown keys',
    content: seedWith(
      '"instance_type": "m3.xlarge",',
      '"instance_type": "m3.xlarge", "toString": 1, "packer": {"hasOwnProperty": 1}, "autoscale": {"valueOf": 2},',
    ),
    args: ['config:show', '12_04-www'],
    exit: 0,
    stderr: ['unknown key "toString" (ignored)', 'packer.hasOwnProperty is not an amazon-ebs builder option', 'unknown key "valueOf" in autoscale (ignored)'],
  },
  // services.*.status must be a path
  {
    name: 'a status that is not a path',
    content: seedWith('"instance_type": "m3.xlarge",', '"instance_type": "m3.xlarge", "services": {"www": {"port": 80, "status": "status"}},'),
    args: ['plan'],
    exit: 2,
    stderr: [/nodes\.json:\d+:\d+: group "12_04-www": services\.www\.status: expected a URL path such as \/status/],
  },
  {
    name: 'a status with a space',
    content: seedWith('"instance_type": "m3.xlarge",', '"instance_type": "m3.xlarge", "services": {"www": {"port": 80, "status": "/st atus"}},'),
    args: ['plan'],
    exit: 2,
    stderr: ['services.www.status: expected a URL path'],
  },
  {
    name: 'a service without its port',
    content: seedWith('"instance_type": "m3.xlarge",', '"instance_type": "m3.xlarge", "services": {"www": {"status": "/status"}},'),
    args: ['plan'],
    exit: 2,
    stderr: [/nodes\.json:\d+:\d+: group "12_04-www": services\.www\.port: missing: expected number/],
  },
  // __settings__.paths confined
  ...(
    [
      ['"roles": "../../x"', 'paths.roles "../../x" must stay inside the project folder'],
      ['"roles": "/tmp/abs"', 'paths.roles "/tmp/abs" must be relative to the folder of nodes.json'],
      ['"packer": "dna/asg"', 'paths.packer "dna/asg" is inside paths.dna "dna"'],
      ['"roles": "out", "packer": "./out/"', 'paths.packer and paths.roles are the same folder "out"'],
      ['"dna": ".hangar/dna"', 'paths.dna ".hangar/dna" is inside .hangar'],
      ['"cookbooks": ["cookbooks", "roles"]', 'paths.cookbooks[1] and paths.roles are the same folder "roles"'],
      ['"data_bags": "."', 'paths.data_bags "." must be a folder inside the project, not the project folder itself'],
      ['"environments": "x/../../y"', 'paths.environments "x/../../y" must stay inside the project folder'],
    ] as const
  ).map(
    ([paths, message]): Case => ({
      name: `__settings__.paths {${paths}}`,
      content: seedWith('{\n  "__base__": {', `{\n  "__settings__": {"paths": {${paths}}}, "__base__": {`),
      args: ['role:create', '12_04-bee'],
      exit: 2,
      stderr: [message, 'group "__settings__"'],
    }),
  ),
];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

beforeAll(() => {
  expect(existsSync(CLI), 'build first: npm run build').toBe(true);
});

describe('bad nodes.json through the CLI: exit code, message, nothing written', () => {
  it.each(cases)('$name', async ({ content, setup, args, exit, stderr }) => {
    const project = projectWith(content ?? SEED);
    cleanup = project.cleanup;
    const extra = setup?.(project.dir) ?? [];
    const before = snapshot(project.dir);
    const result = await execa('node', [CLI, ...args, ...extra], {
      cwd: project.dir,
      env: { NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' },
      reject: false,
      stdin: 'ignore',
      timeout: 20_000,
    });
    expect(result.timedOut, 'it must never hang').toBe(false);
    for (const expected of stderr) {
      if (typeof expected === 'string') expect(result.stderr).toContain(expected);
      else expect(result.stderr).toMatch(expected);
    }
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
    expect(result.exitCode).toBe(exit);
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('a __proto__ key gives the same message in JSON and in JSON5', async () => {
    const json = '{\n  "g": {"default_attributes": {"__proto__": {"x": 1}}}\n}\n';
    const outputs = [];
    for (const content of [json, `${json}// now it is JSON5\n`]) {
      const project = projectWith(content);
      cleanup = project.cleanup;
      const result = await execa('node', [CLI, 'plan'], { cwd: project.dir, env: { NO_COLOR: '1' }, reject: false, stdin: 'ignore' });
      expect(result.exitCode).toBe(2);
      outputs.push(result.stderr.replace(project.dir, 'DIR'));
      project.cleanup();
    }
    expect(outputs[0]).toContain('DIR/nodes.json:2:32: key "__proto__" in g.default_attributes is not allowed');
    expect(outputs[1]).toBe(outputs[0]);
  });
});
