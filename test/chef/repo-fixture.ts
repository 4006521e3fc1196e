// A small project with a chef repo (cookbooks, a data bag, generated roles) in a temp folder, for chef tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Config, loadConfig } from '../../src/config/index.js';
import { applyPlan, filesForGroup, planFiles } from '../../src/generate/index.js';

/** The chef-solo stand-in (a node script). */
export const STANDIN = resolve(dirname(fileURLToPath(import.meta.url)), 'chef-solo-standin.mjs');

/** The stand-in as a provision command reading `<configPath>/solo.rb` and `<configPath>/dna.json`. */
export const standinCommand = (configPath: string) => `${process.execPath} ${STANDIN} -c ${configPath}/solo.rb -j ${configPath}/dna.json`;

export interface ChefProject {
  dir: string;
  write(path: string, text: string): void;
  /** Rewrites nodes.json with the given run list of `web`, reloads, and regenerates the roles/dna (like roles:update). */
  setRunList(runList: string[]): Config;
  config(): Config;
  cleanup(): void;
}

export function chefProject(settings: Record<string, unknown> = {}): ChefProject {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-chef-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const load = () => loadConfig(join(dir, 'nodes.json'));
  const setRunList = (runList: string[]) => {
    const nodes = {
      __settings__: settings,
      __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 'm1.small', ssh_username: 'root' },
      web: { description: 'web nodes', run_list: runList, autoscale: { node_min: 1, node_max: 2 } },
    };
    writeFileSync(join(dir, 'nodes.json'), `${JSON.stringify(nodes, null, 2)}\n`);
    const config = load();
    applyPlan(config, planFiles(config, filesForGroup(config, config.groups.get('web')!)));
    return config;
  };
  write('cookbooks/app/metadata.rb', "name 'app'\n");
  write('cookbooks/app/recipes/web.rb', "codebase = data_bag_item('codebases', 'api')\nlog \"web from #{codebase['revision']}\"\n");
  write('cookbooks/app/recipes/extra.rb', "log 'extra'\n");
  write('cookbooks/base/recipes/default.rb', "log 'base'\n");
  write('data_bags/codebases/api.json', '{ "id": "api", "revision": "v1" }\n');
  setRunList(['recipe[base]', 'recipe[app::web]']);
  return { dir, write, setRunList, config: load, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
