// What an action needs from a group's merged config, checked in one place before the action runs.
import { usageError } from '../errors.js';
import { formatDiagnostic, locate } from './diagnostics.js';
import type { Config } from './load.js';
import type { GroupConfig } from './schema.js';

/**
 * A key the action needs after the merge with __base__. Most mean "is set"; two mean more:
 * `packer`: the group is built (not `"packer": false`); `autoscale`: an autoscale object (not false).
 */
export type Requirement = keyof GroupConfig;

/** Requirements of an action: a list, or one chosen from the group (plan renders a packer file only for built groups). */
export type Requirements = readonly Requirement[] | ((group: GroupConfig) => readonly Requirement[]);

/** What building a group's image needs (packer:create, packer:run). */
export const IMAGE_REQUIREMENTS: readonly Requirement[] = ['packer', 'region', 'source_ami', 'instance_type', 'ssh_username'];

function missing(key: Requirement, group: GroupConfig): boolean {
  if (key === 'packer') return group.packer === false;
  if (key === 'autoscale') return !group.autoscale;
  return group[key] === undefined;
}

function explain(key: Requirement, group: string, action: string): string {
  if (key === 'packer') return `group "${group}" sets "packer": false: ${action} needs an image to build`;
  if (key === 'autoscale')
    return `group "${group}" does not autoscale: ${action} needs an "autoscale" object, e.g. "autoscale": {"node_min": 2, "node_max": 4}`;
  return `group "${group}": ${action} needs "${key}", which neither ${group} nor __base__ sets`;
}

export function requirementsOf(requires: Requirements | undefined, group: GroupConfig): readonly Requirement[] {
  if (!requires) return [];
  return typeof requires === 'function' ? requires(group) : requires;
}

/**
 * Throws one usage error (exit 2) naming every group, key and the action when a group lacks
 * what the action needs; nothing has run yet, so nothing is written.
 */
export function checkRequirements(config: Config, action: string, requires: Requirements | undefined, groups: readonly string[]): void {
  if (!requires) return;
  const problems: string[] = [];
  for (const name of groups) {
    const group = config.groups.get(name);
    if (!group) continue;
    const keys = requirementsOf(requires, group.merged);
    // A group that is never built needs saying so, not a list of the image keys it lacks.
    const lacking = keys.includes('packer') && missing('packer', group.merged) ? (['packer'] as const) : keys.filter((key) => missing(key, group.merged));
    for (const key of lacking) {
      const path = key in group.raw ? [name, key] : [name];
      problems.push(formatDiagnostic({ severity: 'error', where: locate(config.document, path), path: [], message: explain(key, name, action) }));
    }
  }
  if (problems.length === 0) return;
  throw usageError('config.required', problems.length === 1 ? problems[0]! : `${problems.length} keys missing for ${action}`, {
    details: problems.length === 1 ? [] : problems,
    hint: 'set what is missing in the group or in __base__ (hangar config:show GROUP shows it merged); nothing was run or written',
  });
}
