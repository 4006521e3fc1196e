// What a real build's provisioners would get, checked from the template on disk: uploads, chef-solo's paths, its run list.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { recipeOf } from '../../chef/run-list-check.js';
import { formatCount } from '../../format/plural.js';

interface Provisioner {
  type?: string;
  source?: string;
  destination?: string;
  cookbook_paths?: string[];
  roles_path?: string;
  data_bags_path?: string;
  environments_path?: string;
  run_list?: string[];
}

export interface ChefInputs {
  /** One line per input, for the build log. */
  lines: string[];
  /** What would make the real build fail. */
  problems: string[];
  /** The template's `hangar:chef` tag, if any. */
  chefHash: string | undefined;
}

const countFiles = (path: string): number =>
  statSync(path).isDirectory() ? readdirSync(path).reduce((sum, name) => sum + countFiles(join(path, name)), 0) : 1;

/** Reads the template and checks every input packer and chef-solo would read, relative to the project folder. */
export function checkChefInputs(templatePath: string, projectDir: string): ChefInputs {
  const lines: string[] = [];
  const problems: string[] = [];
  let template: { builders?: { tags?: Record<string, string> }[]; provisioners?: Provisioner[] };
  try {
    template = JSON.parse(readFileSync(templatePath, 'utf8')) as typeof template;
  } catch (error) {
    return { lines, problems: [`cannot read the template ${templatePath}: ${(error as Error).message}`], chefHash: undefined };
  }
  const local = (path: string) => join(projectDir, path);
  for (const step of template.provisioners ?? []) {
    if (step.type === 'file' && step.source) {
      if (!existsSync(local(step.source))) problems.push(`file provisioner: ${step.source} does not exist`);
      else lines.push(`would upload ${step.source} (${formatCount(countFiles(local(step.source)), 'file')}) to ${step.destination}`);
    }
    if (step.type !== 'chef-solo') continue;
    const cookbooks = step.cookbook_paths ?? [];
    for (const [key, path] of [
      ...cookbooks.map((p) => ['cookbook_paths', p]),
      ['roles_path', step.roles_path],
      ['data_bags_path', step.data_bags_path],
      ['environments_path', step.environments_path],
    ]) {
      if (path && !existsSync(local(path))) problems.push(`chef-solo ${key}: ${path} does not exist`);
    }
    const recipes = expandRunList(step.run_list ?? [], step.roles_path ? local(step.roles_path) : undefined, problems);
    lines.push(
      `chef-solo: cookbook_paths ${JSON.stringify(cookbooks)}, roles_path ${step.roles_path ?? '-'}, data_bags_path ${step.data_bags_path ?? '-'}; run list ${JSON.stringify(step.run_list ?? [])} -> ${formatCount(recipes.length, 'recipe')}`,
    );
    for (const recipe of recipes) {
      const found = cookbooks.some((path) => existsSync(join(local(path), recipe.cookbook, 'recipes', `${recipe.recipe}.rb`)));
      if (!found) problems.push(`chef-solo: recipe ${recipe.cookbook}::${recipe.recipe} is in none of the cookbook paths ${JSON.stringify(cookbooks)}`);
    }
  }
  return { lines, problems, chefHash: template.builders?.[0]?.tags?.['hangar:chef'] };
}

/** Roles expanded from the role files, as chef-solo does; a missing role is a problem. */
function expandRunList(runList: readonly string[], rolesDir: string | undefined, problems: string[], depth = 0): { cookbook: string; recipe: string }[] {
  const out: { cookbook: string; recipe: string }[] = [];
  for (const entry of runList) {
    const role = /^role\[(.+)\]$/.exec(entry)?.[1];
    if (role === undefined) {
      const recipe = recipeOf(entry);
      if (recipe) out.push(recipe);
      continue;
    }
    const file = rolesDir && join(rolesDir, `${role}.json`);
    if (!file || !existsSync(file) || depth > 10) {
      problems.push(`chef-solo: role ${role} not found in the roles_path`);
      continue;
    }
    const nested = (JSON.parse(readFileSync(file, 'utf8')) as { run_list?: string[] }).run_list ?? [];
    out.push(...expandRunList(nested, rolesDir, problems, depth + 1));
  }
  return out;
}
