// The fix of a drift item: a hangar action with its CLI command, or a change to make by hand.
import type { DriftFix } from './types.js';

type Flags = Record<string, string | number | boolean>;

/** `--name value` for each flag (a true boolean is the bare flag; false is left out). */
function flagWords(flags: Flags): string[] {
  return Object.entries(flags).flatMap(([name, value]) => (value === false ? [] : value === true ? [`--${name}`] : [`--${name}`, String(value)]));
}

/** Run `action` on `group`: `hangar action group --flag value`. */
export function actionFix(action: string, group: string, flags: Flags = {}): DriftFix {
  return { kind: 'action', action, groups: [group], flags, command: ['hangar', action, group, ...flagWords(flags)].join(' ') };
}

/** A change to make by hand (in nodes.json, or in the registry). */
export function configFix(hint: string): DriftFix {
  return { kind: 'config', hint };
}

/** The fix as one line for people: the command, or the hint. */
export function fixText(fix: DriftFix): string {
  return fix.kind === 'action' ? fix.command : fix.hint;
}
