// Resolve the group arguments of a command: names and globs, with a suggestion for typos.
import { closest } from 'fastest-levenshtein';
import picomatch from 'picomatch';
import { usageError } from '../errors.js';
import type { Config, NodeGroup } from './load.js';

/**
 * Expands names and globs (`'12_04-*'`) against the known groups, in file order,
 * each once. An unknown name or a glob matching nothing is a usage error.
 */
export function selectGroups(known: readonly string[], patterns: readonly string[]): string[] {
  const chosen = new Set<string>();
  for (const pattern of patterns) {
    if (picomatch.scan(pattern).isGlob) {
      const isMatch = picomatch(pattern, { dot: true });
      const matches = known.filter((name) => isMatch(name));
      if (matches.length === 0) throw usageError('groups.unknown', `no group matches "${pattern}"`, { hint: listHint(known) });
      for (const name of matches) chosen.add(name);
    } else if (known.includes(pattern)) {
      chosen.add(pattern);
    } else {
      const suggestion = known.length > 0 ? closest(pattern, [...known]) : undefined;
      throw usageError('groups.unknown', `unknown group "${pattern}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`, { hint: listHint(known) });
    }
  }
  return known.filter((name) => chosen.has(name));
}

function listHint(known: readonly string[]): string {
  if (known.length === 0) return 'nodes.json defines no groups';
  const shown = known.slice(0, 8).join(', ');
  return `groups: ${shown}${known.length > 8 ? `, … (${known.length} in all)` : ''}`;
}

/** A group the command already selected (selectGroups checked the name): its merged settings. */
export function groupOf(config: Config, name: string): NodeGroup {
  const group = config.groups.get(name);
  if (!group) throw usageError('groups.unknown', `no group named "${name}"`);
  return group;
}
