// The fix of a drift item: a hangar action with its CLI command, or a change to make by hand.
import { hangarCommand, targetSuffix } from '../format/hangar-command.js';
import type { DriftFix, DriftReport } from './types.js';

type Flags = Record<string, string | number | boolean>;

/** `--name value` for each flag (a true boolean is the bare flag; false is left out). */
function flagWords(flags: Flags): string[] {
  return Object.entries(flags).flatMap(([name, value]) => (value === false ? [] : value === true ? [`--${name}`] : [`--${name}`, String(value)]));
}

/** Run `action` on `group`: `hangar action group --flag value`. */
export function actionFix(action: string, group: string, flags: Flags = {}): DriftFix {
  return { kind: 'action', action, groups: [group], flags, command: hangarCommand([action, group, ...flagWords(flags)]) };
}

/** A change to make by hand (in nodes.json, or in the registry). */
export function configFix(hint: string): DriftFix {
  return { kind: 'config', hint };
}

/** The fix as one line for people: the command, or the hint. */
export function fixText(fix: DriftFix): string {
  return fix.kind === 'action' ? fix.command : fix.hint;
}

/**
 * The report with each fix command reaching the same target as this run (`--sandbox`, `--endpoint URL`): copied as
 * printed, it acts where it was judged. A password in the endpoint URL is printed as `***`.
 */
export function withTargetWords(report: DriftReport, words: readonly string[]): DriftReport {
  if (words.length === 0) return report;
  const suffix = targetSuffix(words);
  return {
    ...report,
    groups: report.groups.map((g) => ({
      ...g,
      items: g.items.map((item) => (item.fix.kind === 'action' ? { ...item, fix: { ...item.fix, command: item.fix.command + suffix } } : item)),
    })),
  };
}
