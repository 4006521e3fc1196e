#!/usr/bin/env node
// A chef-solo stand-in for tests: enforces chef-solo's contract on the node (solo.rb, dna, roles, recipes, data bags) and records each run.
// Usage: chef-solo-standin.mjs [-c solo.rb] -j dna.json [-o RUN_LIST]. Needs data bag items named in STANDIN_DATA_BAGS (bag/item,...)
// and in any data_bag_item('bag', 'item') call of a recipe it runs. Appends each run to chef-solo-runs.json beside the dna.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const fail = (message) => {
  console.log(`FATAL: ${message}`);
  console.log('Chef Infra Client failed (stand-in)');
  process.exit(1);
};

const args = process.argv.slice(2);
const option = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const soloPath = resolve(option('-c') ?? '/etc/chef/solo.rb');
const dnaPath = option('-j');
if (!dnaPath) fail('no -j dna given');
if (!existsSync(soloPath)) fail(`config file ${soloPath} not found`);

// solo.rb: the settings hangar writes (cookbook_path [..] or "..", role_path, data_bag_path, environment_path).
const solo = readFileSync(soloPath, 'utf8');
const setting = (key) => {
  const match = new RegExp(`^\\s*${key}\\s+(.+)$`, 'm').exec(solo);
  if (!match) return undefined;
  const value = match[1].trim();
  return value.startsWith('[') ? JSON.parse(value) : JSON.parse(value);
};
const cookbookPaths = [setting('cookbook_path') ?? []].flat();
const rolePath = setting('role_path');
const dataBagPath = setting('data_bag_path');
if (cookbookPaths.length === 0) fail(`${soloPath} names no cookbook_path`);
for (const path of cookbookPaths) if (!existsSync(path)) fail(`cookbook path ${path} does not exist`);

let dna;
try {
  dna = JSON.parse(readFileSync(dnaPath, 'utf8'));
} catch (error) {
  fail(`cannot read the dna ${dnaPath}: ${error.message}`);
}
const override = option('-o');
const runList = override ? override.split(',') : (dna.run_list ?? []);

// Expand roles from the role path (a role may name roles), then include_recipe calls, like chef's run list expansion.
const recipes = [];
const roles = [];
const expand = (entry, depth = 0) => {
  if (depth > 20) fail(`run list nests too deep at ${entry}`);
  const role = /^role\[(.+)\]$/.exec(entry);
  if (role) {
    const file = rolePath && join(rolePath, `${role[1]}.json`);
    if (!file || !existsSync(file)) fail(`Chef::Exceptions::RoleNotFound: role ${role[1]} (looked in ${rolePath ?? 'no role_path'})`);
    roles.push(role[1]);
    for (const item of JSON.parse(readFileSync(file, 'utf8')).run_list ?? []) expand(item, depth + 1);
    return;
  }
  const name = /^recipe\[(.+)\]$/.exec(entry)?.[1] ?? entry;
  const [cookbook, recipe = 'default'] = name.split('::');
  const full = `${cookbook}::${recipe}`;
  if (recipes.includes(full)) return;
  const file = cookbookPaths.map((path) => join(path, cookbook, 'recipes', `${recipe}.rb`)).find((path) => existsSync(path));
  if (!file) fail(`Chef::Exceptions::RecipeNotFound: could not find recipe ${recipe} for cookbook ${cookbook} in ${cookbookPaths.join(', ')}`);
  recipes.push(full);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/include_recipe\s+['"]([^'"]+)['"]/g)) expand(match[1], depth + 1);
  for (const match of text.matchAll(/data_bag_item\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/g)) needBag(`${match[1]}/${match[2]}`);
};
const bags = [];
const needBag = (item) => {
  const [bag, name] = item.split('/');
  const file = dataBagPath && join(dataBagPath, bag, `${name}.json`);
  if (!file || !existsSync(file)) fail(`Net::HTTPNotFound: data bag item ${bag}/${name} not found (data_bag_path ${dataBagPath ?? 'unset'})`);
  if (!bags.includes(item)) bags.push(item);
};

console.log('Starting Chef Infra Client (stand-in)');
for (const entry of runList) expand(entry);
for (const item of (process.env.STANDIN_DATA_BAGS ?? '').split(',').filter(Boolean)) needBag(item);
console.log(`resolving cookbooks for run list: ${JSON.stringify(recipes)}`);

// Which repo copy it ran against: the hash hangar recorded next to the cookbooks.
const marker = cookbookPaths.map((path) => join(dirname(path), '.hangar-chef')).find((path) => existsSync(path));
const record = {
  at: new Date().toISOString(),
  solo: soloPath,
  dna: resolve(dnaPath),
  run_list: runList,
  roles,
  recipes,
  data_bag_items: bags,
  cookbook_paths: cookbookPaths,
  repo_hash: marker ? readFileSync(marker, 'utf8').trim() : null,
};
const out = join(dirname(resolve(dnaPath)), 'chef-solo-runs.json');
const runs = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : [];
runs.push(record);
writeFileSync(`${out}.tmp`, `${JSON.stringify(runs, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
console.log(`Chef Infra Client finished (stand-in), ${recipes.length} recipes`);
