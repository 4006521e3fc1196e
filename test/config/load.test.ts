import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadConfigText } from '../../src/config/load.js';
import { selectGroups } from '../../src/config/select.js';
import { HangarError } from '../../src/errors.js';
import { ROOT } from '../helpers/project.js';

const FILE = '/p/nodes.json';

function errorOf(text: string): HangarError {
  try {
    loadConfigText(FILE, text);
  } catch (error) {
    expect(error).toBeInstanceOf(HangarError);
    return error as HangarError;
  }
  throw new Error('expected the config to be rejected');
}

describe('loadConfig', () => {
  it('loads the example (the seed, with its single-quoted description)', () => {
    const config = loadConfig(join(ROOT, 'nodes.json'));
    expect([...config.groups.keys()]).toEqual(['12_04-bee', '12_04-www']);
    const bee = config.groups.get('12_04-bee')!;
    expect(bee.merged.description).toBe('12_04-bee-ec2 instance, responsible for worker processes');
    expect(bee.merged.security_groups).toEqual(['external', 'internal', 'bee']);
    expect(bee.merged.autoscale).toEqual({ timeout: 120, node_min: 2, node_max: 2 });
    expect(config.settings.service_cookbook).toBe('seatgeek-service');
    expect(config.warnings).toEqual([]);
  });

  it('gives file:line:col for broken JSON', () => {
    const error = errorOf('{\n  "g": {\n    "region": "x",,\n  }\n}');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/^\/p\/nodes\.json:3:19: invalid JSON5/);
  });

  it('names file:line:col, the group, the key path and what was expected for a wrong type', () => {
    const error = errorOf(`{
  "__base__": { "region": "us-east-1", "packer": false },
  "bee": {
    "autoscale": { "node_min": "two" }
  }
}`);
    expect(error.message).toBe('/p/nodes.json:4:20: group "bee": autoscale.node_min: expected number, got the string "two"');
  });

  it('explains what a union key expects', () => {
    const error = errorOf('{"__base__": {"region": "r", "packer": false}, "bee": {"autoscale": true}}');
    expect(error.message).toContain('group "bee": autoscale: expected false or an object');
  });

  it('lists every error at once, each with its position', () => {
    const error = errorOf(`{
  "__base__": {"packer": false, "region": "r"},
  "a": {"run_list": "recipe[x]"},
  "b": {"instance_type": 3}
}`);
    expect(error.message).toContain('2 errors');
    expect(error.details).toEqual([
      '/p/nodes.json:3:9: group "a": run_list: expected array, got the string "recipe[x]"',
      '/p/nodes.json:4:9: group "b": instance_type: expected string, got number 3',
    ]);
  });

  it('requires no action key at load time: a group without source_ami loads (actions check what they need)', () => {
    const config = loadConfigText(FILE, '{"__base__": {"region": "us-east-1"}, "www": {"instance_type": "m1.large"}}');
    expect(config.groups.get('www')!.merged.source_ami).toBeUndefined();
  });

  it('does not require image keys from a group that is never built', () => {
    const config = loadConfigText(FILE, '{"__base__": {"region": "us-east-1"}, "db": {"packer": false}}');
    expect(config.groups.has('db')).toBe(true);
  });

  it('rejects group names that cannot be file or ASG names', () => {
    const error = errorOf('{"__base__": {"region": "r", "packer": false}, "../evil": {}}');
    expect(error.message).toContain('group "../evil": invalid group name');
    expect(errorOf('{"__base__": {"region": "r", "packer": false}, "-x": {}}').message).toContain('invalid group name');
  });

  it('warns about unknown keys without failing', () => {
    const config = loadConfigText(FILE, '{"__base__": {"region": "r", "packer": false}, "g": {"colour": "blue"}}');
    expect(config.warnings).toEqual(['/p/nodes.json:1:54: warning: group "g": unknown key "colour" (ignored)']);
    expect(config.groups.get('g')!.mergedJson.colour).toBe('blue');
  });

  it('rejects node_min greater than node_max', () => {
    const error = errorOf('{"__base__": {"region": "r", "packer": false}, "g": {"autoscale": {"node_min": 3, "node_max": 2}}}');
    expect(error.message).toContain('autoscale.node_min (3) is greater than node_max (2)');
  });

  it('validates __settings__', () => {
    const error = errorOf('{"__settings__": {"registry": {"ttl": "ten"}}, "__base__": {"region": "r", "packer": false}}');
    expect(error.message).toContain('group "__settings__": registry.ttl: expected number');
  });

  it('changes the config hash when the merged config changes, and only then', () => {
    const a = loadConfigText(FILE, '{"__base__": {"region": "r", "packer": false}, "g": {"run_list": ["x"]}}');
    const b = loadConfigText(FILE, '// comment\n{"__base__": {"packer": false, "region": "r"}, "g": {"run_list": ["x"],}}');
    const c = loadConfigText(FILE, '{"__base__": {"region": "r", "packer": false}, "g": {"run_list": ["y"]}}');
    expect(a.groups.get('g')!.hash).toBe(b.groups.get('g')!.hash);
    expect(a.groups.get('g')!.hash).not.toBe(c.groups.get('g')!.hash);
  });
});

describe('selectGroups', () => {
  const known = ['12_04-bee', '12_04-www', 'db-main'];

  it('takes names and globs, in file order, each once', () => {
    expect(selectGroups(known, ['12_04-www', '12_04-*'])).toEqual(['12_04-bee', '12_04-www']);
    expect(selectGroups(known, ['db-main'])).toEqual(['db-main']);
  });

  it('names the closest group for an unknown one', () => {
    expect(() => selectGroups(known, ['12_04-be'])).toThrow('unknown group "12_04-be"; did you mean "12_04-bee"?');
  });

  it('rejects a glob that matches nothing', () => {
    expect(() => selectGroups(known, ['14_04-*'])).toThrow('no group matches "14_04-*"');
  });
});
