// One action's help (`hangar help ACTION`, `--help`): reads only that action, not the catalog.
import { shortRange } from './flag-values.js';
import { GLOBAL_FLAGS } from './flags.js';
import type { AnyAction, FlagSpec, FlagSpecs } from './types.js';

const GROUPS_USAGE: Record<AnyAction['groups'], string> = {
  none: '',
  required: ' GROUP...',
  'all-by-default': ' [GROUP...]',
};

export function flagUsage(name: string, spec: FlagSpec): string {
  const value = spec.type === 'boolean' ? '' : ` ${spec.placeholder ?? (spec.type === 'number' ? 'N' : 'VALUE')}`;
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${value}`;
}

/** ` (1-65535, default: 22)`: a numeric flag's range and any default, or ''. */
export function flagNotes(spec: FlagSpec): string {
  const notes = [
    spec.required ? 'required' : undefined,
    shortRange(spec),
    spec.default === undefined || spec.default === false ? undefined : `default: ${String(spec.default)}`,
  ];
  const text = notes.filter(Boolean).join(', ');
  return text ? ` (${text})` : '';
}

export function flagLines(specs: FlagSpecs): string[] {
  const entries = Object.entries(specs);
  const width = Math.max(0, ...entries.map(([n, s]) => flagUsage(n, s).length));
  return entries.map(([name, spec]) => `  ${flagUsage(name, spec).padEnd(width)}  ${spec.description}${flagNotes(spec)}`);
}

export function usageOf(action: AnyAction): string {
  return `hangar ${action.name}${GROUPS_USAGE[action.groups]}${Object.keys(action.flags).length ? ' [flags]' : ''}`;
}

export function notes(action: AnyAction): string[] {
  const out: string[] = [];
  if (action.groups === 'all-by-default') out.push('No group means every group.');
  if (typeof action.destructive === 'function') {
    out.push(`Destructive ${action.destructiveWhen ?? 'in some cases'}: then it asks for confirmation; headless it needs --yes.`);
  } else if (action.destructive) {
    out.push('Destructive: asks for confirmation; headless it needs --yes.');
  }
  if (action.usesAws) out.push('Talks to AWS: --endpoint URL or --sandbox redirect it.');
  return out;
}

export function formatActionHelp(action: AnyAction): string {
  const lines = [`${usageOf(action)}`, '', action.summary];
  if (action.description) lines.push('', action.description);
  if (action.aliases?.length) lines.push('', `Aliases: ${action.aliases.join(', ')}`);
  const extra = notes(action);
  if (extra.length) lines.push('', ...extra);
  if (Object.keys(action.flags).length) lines.push('', 'Flags:', ...flagLines(action.flags));
  lines.push('', 'Global flags:', ...flagLines(GLOBAL_FLAGS));
  return lines.join('\n');
}
