// The words of a confirmation, the same in the CLI and the TUI: the whole command, where it goes, what it would do.
import { redactUrls } from '../redact.js';
import type { AnyAction, PreviewLine } from './types.js';

/** A shell word as typed: quoted only when it has to be. */
const quote = (word: string) => (/^[\w@%+=:,./*?[\]-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The command with every flag it runs with (defaults too, so `--keep 10` is never a surprise): `packer:clean web --keep 0 --concurrency 8`. */
export function commandLineOf(action: AnyAction, groups: readonly string[], flags: Readonly<Record<string, unknown>>): string {
  const words = [action.name, ...groups.map(quote)];
  for (const [name, spec] of Object.entries(action.flags)) {
    const value = flags[name];
    if (value === undefined || value === false) continue;
    words.push(spec.type === 'boolean' ? `--${name}` : `--${name} ${quote(String(value))}`);
  }
  return words.join(' ');
}

/** Where AWS calls go: `SANDBOX (http://127.0.0.1:4566)`, `AWS`, `AWS via http://127.0.0.1:9` (userinfo redacted). */
export function describeTarget({ mode, endpoint }: Destination): string {
  if (mode === 'sandbox') return endpoint ? `SANDBOX (${redactUrls(endpoint)})` : 'SANDBOX';
  return endpoint ? `AWS via ${redactUrls(endpoint)}` : 'AWS';
}

/** Where AWS calls go: the runtime's mode and endpoint (the sandbox's URL in sandbox mode). */
export interface Destination {
  mode: 'sandbox' | 'aws';
  endpoint: string | undefined;
}

export interface ConfirmationInput {
  action: AnyAction;
  groups: readonly string[];
  flags: Readonly<Record<string, unknown>>;
  destination: Destination;
  /** No group was named: every group. */
  allGroups?: boolean;
}

/** The question's first lines: what runs, on what, where. */
export function confirmationHead({ action, groups, flags, destination, allGroups }: ConfirmationInput): string[] {
  const on = action.usesAws ? ` on ${describeTarget(destination)}` : '';
  return [`${commandLineOf(action, groups, flags)}${allGroups ? '  (every group)' : ''}`, `is destructive${on}.`];
}

/** At most `max` preview lines, the rest counted: a confirmation stays readable with a thousand AMIs. */
export function capPreview(lines: readonly PreviewLine[], max: number): PreviewLine[] {
  if (lines.length <= max) return [...lines];
  const shown = lines.slice(0, Math.max(0, max - 1));
  return [...shown, { text: `  … and ${lines.length - shown.length} more lines` }];
}
