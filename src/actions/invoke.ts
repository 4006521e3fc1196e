// Turn a command's group arguments into the groups an action runs on, by its arity, and check what it requires of them.
import type { Config } from '../config/index.js';
import { selectGroups } from '../config/select.js';
import { checkRequirements } from '../config/requirements.js';
import { usageError } from '../errors.js';
import type { AnyAction } from './types.js';

export interface ResolvedGroups {
  groups: string[];
  /** No group was named and the action took every group. */
  allGroups: boolean;
}

/**
 * The groups an action runs on. Every group must have what the action `requires`: otherwise a
 * usage error (exit 2) naming group, key and action, before anything runs. CLI and TUI both come here.
 */
export function resolveGroups(action: AnyAction, config: Config | undefined, patterns: readonly string[]): ResolvedGroups {
  const resolved = selectFor(action, config, patterns);
  if (config) checkActionRequirements(action, config, resolved.groups);
  return resolved;
}

/** What the action `requires` of each group (for groups chosen another way, e.g. the TUI's selection). */
export function checkActionRequirements(action: AnyAction, config: Config, groups: readonly string[]): void {
  checkRequirements(config, action.name, action.requires, groups);
}

function selectFor(action: AnyAction, config: Config | undefined, patterns: readonly string[]): ResolvedGroups {
  if (action.groups === 'none') {
    if (patterns.length > 0) throw usageError('usage.groups', `${action.name} takes no groups, got: ${patterns.join(' ')}`);
    return { groups: [], allGroups: false };
  }
  const known = config ? [...config.groups.keys()] : [];
  if (patterns.length === 0) {
    if (action.groups === 'required') {
      throw usageError('usage.groups', `${action.name} needs at least one group`, {
        hint: known.length ? `e.g. hangar ${action.name} ${known[0]}` : 'nodes.json defines no groups yet',
      });
    }
    return { groups: known, allGroups: true };
  }
  return { groups: selectGroups(known, patterns), allGroups: false };
}
