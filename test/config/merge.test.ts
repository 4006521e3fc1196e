import { describe, expect, it } from 'vitest';
import { fullRunList, mergeGroup } from '../../src/config/merge.js';

describe('mergeGroup: the seed merge rules', () => {
  const cases: { name: string; base: object; group: object; expected: object }[] = [
    {
      name: 'lists are appended, base first',
      base: { security_groups: ['external', 'internal'] },
      group: { security_groups: ['bee'] },
      expected: { security_groups: ['external', 'internal', 'bee'] },
    },
    {
      name: 'an exact duplicate keeps its first place only',
      base: { run_list: ['recipe[a]', 'recipe[b]'] },
      group: { run_list: ['recipe[c]', 'recipe[a]', 'recipe[c]'] },
      expected: { run_list: ['recipe[a]', 'recipe[b]', 'recipe[c]'] },
    },
    {
      name: 'dicts merge one level deep: group keys replace base keys',
      base: { default_attributes: { environment: 'production', key: 'value' } },
      group: { default_attributes: { key: 'other', other_key: 'value' } },
      expected: { default_attributes: { environment: 'production', key: 'other', other_key: 'value' } },
    },
    {
      name: 'a nested dict is replaced whole, not merged',
      base: { default_attributes: { nginx: { workers: 4, port: 80 } } },
      group: { default_attributes: { nginx: { port: 8080 } } },
      expected: { default_attributes: { nginx: { port: 8080 } } },
    },
    {
      name: 'scalars: the group overrides',
      base: { instance_type: 'm1.large', region: 'us-east-1' },
      group: { instance_type: 'm3.xlarge' },
      expected: { instance_type: 'm3.xlarge', region: 'us-east-1' },
    },
    {
      name: 'base "autoscale": false and a group dict gives the group dict',
      base: { autoscale: false },
      group: { autoscale: { node_min: 2, node_max: 2 } },
      expected: { autoscale: { node_min: 2, node_max: 2 } },
    },
    {
      name: 'a group false over a base dict gives false',
      base: { autoscale: { node_min: 1 } },
      group: { autoscale: false },
      expected: { autoscale: false },
    },
    {
      name: 'a list over a scalar (type change) is an override',
      base: { tags: 'x' },
      group: { tags: ['y'] },
      expected: { tags: ['y'] },
    },
    {
      name: 'keys only in the group are added, keys only in base kept',
      base: { region: 'us-east-1' },
      group: { description: 'bee' },
      expected: { region: 'us-east-1', description: 'bee' },
    },
    {
      name: 'duplicate objects in lists are compared by value',
      base: { items: [{ a: 1 }] },
      group: { items: [{ a: 1 }, { a: 2 }] },
      expected: { items: [{ a: 1 }, { a: 2 }] },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(mergeGroup(c.base as never, c.group as never).merged).toEqual(c.expected);
    });
  }

  it('records the origin of every key and appended item', () => {
    const { origins } = mergeGroup(
      { region: 'r', run_list: ['a'], default_attributes: { x: 1 } },
      { run_list: ['b'], default_attributes: { y: 2 }, description: 'd' },
    );
    expect(origins.region).toEqual({ kind: 'base' });
    expect(origins.description).toEqual({ kind: 'group' });
    expect(origins.run_list).toEqual({ kind: 'appended', items: ['base', 'group'] });
    expect(origins.default_attributes).toEqual({ kind: 'merged', keys: { x: 'base', y: 'group' } });
  });

  it('does not mutate its inputs', () => {
    const base = { run_list: ['a'], default_attributes: { x: 1 } };
    const group = { run_list: ['b'], default_attributes: { y: 2 } };
    mergeGroup(base as never, group as never);
    expect(base).toEqual({ run_list: ['a'], default_attributes: { x: 1 } });
    expect(group).toEqual({ run_list: ['b'], default_attributes: { y: 2 } });
  });
});

describe('fullRunList: post_run_list placement', () => {
  it('appends post_run_list after the merged run_list', () => {
    const merged = mergeGroup({ run_list: ['recipe[base]'], post_run_list: ['recipe[notify]'] }, { run_list: ['recipe[app]'] }).merged;
    expect(fullRunList(merged as never)).toEqual(['recipe[base]', 'recipe[app]', 'recipe[notify]']);
  });

  it('keeps a recipe once, at its first place, when it is in both lists', () => {
    expect(fullRunList({ run_list: ['a', 'b'], post_run_list: ['b', 'c'] })).toEqual(['a', 'b', 'c']);
  });

  it('group post_run_list items come after base ones', () => {
    const merged = mergeGroup({ post_run_list: ['p1'] }, { post_run_list: ['p2'], run_list: ['r'] }).merged;
    expect(fullRunList(merged as never)).toEqual(['r', 'p1', 'p2']);
  });
});
