// Help text and the README reference, generated from the catalog.
import { catalog, findAction } from './catalog.js';
import { flagLines, flagNotes, flagUsage, notes, usageOf } from './action-help.js';
import { GLOBAL_FLAGS } from './flags.js';

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
export { formatActionHelp, usageOf } from './action-help.js';
