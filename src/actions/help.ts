// Help text and the README reference, generated from the catalog.
import { catalog, findAction } from './catalog.js';
import { shortRange } from './flag-values.js';
import { GLOBAL_FLAGS } from './flags.js';
import type { AnyAction, FlagSpec, FlagSpecs } from './types.js';

const GROUPS_USAGE: Record<AnyAction['groups'], string> = {
  none: '',
  required: ' GROUP...',
  'all-by-default': ' [GROUP...]',
};

function flagUsage(name: string, spec: FlagSpec): string {
  const value = spec.type === 'boolean' ? '' : ` ${spec.placeholder ?? (spec.type === 'number' ? 'N' : 'VALUE')}`;
  return `${spec.short ? `-${spec.short}, ` : ''}--${name}${value}`;
}

/** ` (1-65535, default: 22)`: a numeric flag's range and any default, or ''. */
function flagNotes(spec: FlagSpec): string {
  const notes = [
    spec.required ? 'required' : undefined,
    shortRange(spec),
    spec.default === undefined || spec.default === false ? undefined : `default: ${String(spec.default)}`,
  ];
  const text = notes.filter(Boolean).join(', ');
  return text ? ` (${text})` : '';
}

function flagLines(specs: FlagSpecs): string[] {
  const entries = Object.entries(specs);
  const width = Math.max(0, ...entries.map(([n, s]) => flagUsage(n, s).length));
  return entries.map(([name, spec]) => `  ${flagUsage(name, spec).padEnd(width)}  ${spec.description}${flagNotes(spec)}`);
}

export function usageOf(action: AnyAction): string {
  return `hangar ${action.name}${GROUPS_USAGE[action.groups]}${Object.keys(action.flags).length ? ' [flags]' : ''}`;
}

function notes(action: AnyAction): string[] {
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

export function formatMainHelp(version: string): string {
  const width = Math.max(...catalog.map((a) => a.name.length));
  return [
    `hangar ${version}: a terminal workbench for EC2 fleets described in one nodes.json`,
    '',
    'Usage:',
    '  hangar [--sandbox]                      open the workbench (full-screen, keyboard driven)',
    '  hangar ACTION [GROUP...] [flags]        run one action headless (scripts, CI)',
    '  hangar help ACTION                      flags and details of one action',
    '',
    'Actions:',
    ...catalog.map((a) => `  ${a.name.padEnd(width)}  ${a.summary}`),
    '',
    "Groups are names or globs (quote them: '12_04-*').",
    'Exit codes: 0 done, 1 an operation failed, 2 bad usage or bad config.',
    '',
    'Global flags:',
    ...flagLines(GLOBAL_FLAGS),
  ].join('\n');
}

/** The README's action reference (markdown), between its markers. */
export function formatReference(): string {
  const out: string[] = [];
  for (const action of catalog) {
    out.push(`### \`${action.name}\``, '', '```', usageOf(action), '```', '', `${action.summary[0]!.toUpperCase()}${action.summary.slice(1)}.`);
    if (action.description) out.push('', action.description);
    if (action.aliases?.length) out.push('', `Aliases: ${action.aliases.map((a) => `\`${a}\``).join(', ')}.`);
    const extra = notes(action);
    if (extra.length) out.push('', extra.join(' '));
    const flags = Object.entries(action.flags);
    if (flags.length) {
      out.push('', '| flag | meaning |', '| --- | --- |');
      for (const [name, spec] of flags) out.push(`| \`${flagUsage(name, spec)}\` | ${spec.description}${flagNotes(spec)} |`);
    }
    out.push('');
  }
  out.push('### Global flags', '', '| flag | meaning |', '| --- | --- |');
  for (const [name, spec] of Object.entries(GLOBAL_FLAGS)) out.push(`| \`${flagUsage(name, spec)}\` | ${spec.description} |`);
  return out.join('\n');
}

export { findAction };
