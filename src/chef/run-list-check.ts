// Run-list recipes with no recipe file in the chef repo: `plan` warns, naming the group and the recipe.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ChefRepo, foldersOf } from './repo.js';

/** `recipe[cb::name]`, `recipe[cb]` (its default recipe) or a bare `cb::name`; roles are not recipes. */
export function recipeOf(entry: string): { cookbook: string; recipe: string } | undefined {
  const match = /^recipe\[([^\]]+)\]$/.exec(entry.trim());
  const name = match ? match[1]! : entry.includes('[') ? undefined : entry.trim();
  if (!name) return undefined;
  const [cookbook, recipe = 'default'] = name.replace(/@.*$/, '').split('::');
  return cookbook ? { cookbook, recipe } : undefined;
}

/** The run list's recipes that no cookbook folder of the repo has as `<cookbook>/recipes/<recipe>.rb`. */
export function missingRecipes(repo: ChefRepo, runList: readonly string[]): string[] {
  const cookbooks = foldersOf(repo, 'cookbooks');
  if (repo.folders.length === 0) return [];
  return runList.filter((entry) => {
    const recipe = recipeOf(entry);
    if (!recipe) return false;
    return !cookbooks.some((folder) => existsSync(join(repo.dir, folder.local, recipe.cookbook, 'recipes', `${recipe.recipe}.rb`)));
  });
}

/** One warning per missing recipe: `run list of 12_04-bee: recipe[x::y] has no x/recipes/y.rb in any of: cookbooks`. */
export function runListWarnings(repo: ChefRepo, group: string, runList: readonly string[]): string[] {
  const where =
    foldersOf(repo, 'cookbooks')
      .map((f) => f.local)
      .join(', ') || 'no cookbook folder';
  return missingRecipes(repo, runList).map((entry) => {
    const { cookbook, recipe } = recipeOf(entry)!;
    return `run list of ${group}: ${entry} has no ${cookbook}/recipes/${recipe}.rb in any of: ${where} (chef-solo would fail on the node)`;
  });
}
