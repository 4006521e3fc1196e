// Foundation: load+merge+validate and generate 2,000 groups; local actions (role:create, plan) as whole processes vs `node -e 0`.
import { mkdtempSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPlan, filesForGroup, loadConfig, planFiles } from '../dist/index.js';
import { alternate, CLI, ROOT, ms, now, stats, table, verdict } from './lib.mjs';

const GROUPS = 2000;
const LOCAL_TARGET = 2.5;

function fleet(n) {
  const doc = {
    __base__: {
      autoscale: false,
      type: 'amazon-ebs',
      region: 'us-east-1',
      instance_type: 'm1.large',
      source_ami: 'ami-1ebb2077',
      ssh_username: 'ubuntu',
      security_groups: ['external', 'internal'],
      availability_zones: ['us-east-1a', 'us-east-1b'],
      default_attributes: { environment: 'production', key: 'value' },
      run_list: ['recipe[apt::default]', 'recipe[seatgeek::base]'],
      post_run_list: ['recipe[seatgeek::notify]'],
    },
  };
  for (let i = 0; i < n; i++) {
    doc[`group-${String(i).padStart(4, '0')}`] = {
      description: `group ${i}, responsible for "things"`,
      autoscale: { node_min: 1, node_max: 3, timeout: 300 },
      instance_type: i % 2 ? 'm3.xlarge' : 'm1.large',
      security_groups: [`sg-${i % 10}`],
      default_attributes: { shard: i, nested: { deep: [i, i + 1] } },
      run_list: [`recipe[python::default]`, `recipe[seatgeek-service::svc-${i % 20}]`],
      services: { [`svc-${i % 20}`]: { port: 8000 + (i % 20), status: '/status' } },
    };
  }
  return JSON.stringify(doc, null, 2);
}

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-'));
try {
  writeFileSync(join(dir, 'nodes.json'), fleet(GROUPS));

  const loads = [];
  let config;
  for (let i = 0; i < 7; i++) {
    const start = now();
    config = loadConfig(join(dir, 'nodes.json'));
    loads.push(now() - start);
  }

  const generate = () => {
    const start = now();
    const files = [...config.groups.values()].flatMap((g) => filesForGroup(config, g));
    const written = applyPlan(config, planFiles(config, files));
    return { ms: now() - start, files: files.length, written: written.length };
  };
  const cold = generate();
  const warm = generate();

  // Local actions as whole processes, against a bare node, interleaved so noise hits all alike.
  const example = mkdtempSync(join(tmpdir(), 'hangar-bench-ex-'));
  for (const entry of ['nodes.json', 'roles', 'packer', 'dna', 'cookbooks', 'data_bags']) cpSync(join(ROOT, entry), join(example, entry), { recursive: true });
  const median = alternate(
    {
      bare: [process.execPath, ['-e', '0']],
      role: [process.execPath, [CLI, 'role:create', '12_04-bee', '--force']],
      plan: [process.execPath, [CLI, 'plan']],
    },
    15,
    { cwd: example },
  );
  rmSync(example, { recursive: true, force: true });
  const b = median.bare;
  const local = (label, value) => [
    `${label} whole process (median of 15)`,
    `${ms(value)} = ${verdict(value / b, LOCAL_TARGET)}`,
    `≤ ${LOCAL_TARGET}× node -e 0`,
  ];

  process.stdout.write(
    table(`Config engine and generation (${GROUPS} groups)`, [
      ['load + merge + validate (median of 7)', ms(stats(loads).median), '≤ 300 ms'],
      [`generate all ${cold.files} files, cold`, `${ms(cold.ms)} (${cold.written} written)`, '≤ 2 s'],
      ['generate again, nothing changed', `${ms(warm.ms)} (${warm.written} written)`, '0 written'],
      ['`node -e 0` (median of 15)', ms(b), ''],
      local('`hangar role:create 12_04-bee --force`', median.role),
      local('`hangar plan` (the example, nothing to change)', median.plan),
    ]),
  );
  if (warm.written !== 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
