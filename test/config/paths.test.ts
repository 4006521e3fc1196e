// __settings__.paths: every entry confined and apart, generically (roles, packer, dna and chef's inputs).
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { checkPaths } from '../../src/config/paths.js';
import { settingsSchema } from '../../src/config/schema.js';

const defaults = settingsSchema.parse({}).paths;
const withPaths = (paths: Record<string, string | string[]>) => checkPaths({ ...defaults, ...paths }).map((p) => p.message);

describe('checkPaths', () => {
  it('the defaults are fine, and so are nested, tidy-up-able folders', () => {
    expect(defaults).toEqual({ roles: 'roles', packer: 'packer', dna: 'dna', cookbooks: ['cookbooks'], data_bags: 'data_bags', environments: 'environments' });
    expect(withPaths({})).toEqual([]);
    expect(
      withPaths({ roles: 'chef/roles/', packer: './build/packer', dna: 'build/dna', cookbooks: ['cookbooks', 'site-cookbooks'], data_bags: 'chef/data_bags' }),
    ).toEqual([]);
    expect(withPaths({ cookbooks: 'vendor/cookbooks' })).toEqual([]);
  });

  it.each([
    [{ roles: '../../x' }, 'paths.roles "../../x" must stay inside the project folder (it escapes it with "..")'],
    [{ packer: 'a/../../b' }, 'paths.packer "a/../../b" must stay inside the project folder'],
    [{ dna: '/etc/dna' }, 'paths.dna "/etc/dna" must be relative to the folder of nodes.json, not an absolute path'],
    [{ dna: 'C:\\dna' }, 'must be relative'],
    [{ roles: '.' }, 'paths.roles "." must be a folder inside the project, not the project folder itself'],
    [{ roles: 'x/..' }, 'not the project folder itself'],
    [{ packer: 'dna/asg' }, 'paths.packer "dna/asg" is inside paths.dna "dna": each kind needs its own folder'],
    [{ dna: 'roles' }, 'paths.dna and paths.roles are the same folder "roles"'],
    [{ roles: '.hangar' }, 'paths.roles ".hangar" is inside .hangar, hangar\'s own state folder'],
    [{ data_bags: './.hangar/bags' }, 'paths.data_bags "./.hangar/bags" is inside .hangar'],
    [{ cookbooks: ['cookbooks', 'dna/cookbooks'] }, 'paths.cookbooks[1] "dna/cookbooks" is inside paths.dna "dna"'],
    [{ cookbooks: ['cookbooks', 'cookbooks/'] }, 'paths.cookbooks[1] and paths.cookbooks[0] are the same folder "cookbooks"'],
    [{ environments: 'packer' }, 'paths.environments and paths.packer are the same folder "packer"'],
    [{ roles: 'a\u0000b' }, 'must not contain control characters'],
  ])('%o is refused', (paths, message) => {
    const problems = withPaths(paths);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(message);
  });

  it('names the setting with file:line:col when loading', () => {
    let message = '';
    try {
      loadConfigText('/p/nodes.json', '{\n  "__settings__": {"paths": {\n    "roles": "../x"}}\n}');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('/p/nodes.json:3:5: group "__settings__": paths.roles "../x" must stay inside the project folder (it escapes it with "..")');
  });

  it('cookbooks takes a string or a non-empty list of strings', () => {
    expect(settingsSchema.parse({ paths: { cookbooks: 'books' } }).paths.cookbooks).toBe('books');
    expect(settingsSchema.safeParse({ paths: { cookbooks: [] } }).success).toBe(false);
    expect(settingsSchema.safeParse({ paths: { cookbooks: [''] } }).success).toBe(false);
  });
});
