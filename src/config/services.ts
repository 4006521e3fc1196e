// The services a group runs: run_list entries `recipe[<service cookbook>::<name>]`.
import { fullRunList } from './merge.js';
import type { GroupConfig, ServiceConfig } from './schema.js';

export interface ServiceSpec extends Partial<ServiceConfig> {
  name: string;
}

const RECIPE = /^recipe\[([^:\]]+)::([^\]]+)\]$/;

/** The service name of a run_list entry, when it is a recipe of the service cookbook. */
export function serviceOfRecipe(entry: string, cookbook: string): string | undefined {
  const match = RECIPE.exec(entry);
  return match && match[1] === cookbook ? match[2] : undefined;
}

/** Services the group runs, in run-list order, with port/status from its `services` map. */
export function servicesOf(group: GroupConfig, cookbook: string): ServiceSpec[] {
  const names = fullRunList(group)
    .map((entry) => serviceOfRecipe(entry, cookbook))
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].map((name) => ({ name, ...group.services?.[name] }));
}
