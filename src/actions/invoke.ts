// Turn a command's group arguments into the groups an action runs on, by its arity.
import { type Config, selectGroups } from '../config/index.js';
import { usageError } from '../errors.js';
import type { AnyAction } from './types.js';

export interface ResolvedGroups {
  groups: string[];
  /** No group was named and the action took every group. */
  allGroups: boolean;
}

export function resolveGroups(action: AnyAction, config: Config | undefined, patterns: readonly string[]): ResolvedGroups {
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
