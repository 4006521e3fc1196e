// `hangar history [G...]`: what was run on the project, by whom, and how it ended (from .hangar/history.jsonl).
import { formatRecord } from '../history/format.js';
import type { AnyAction } from './types.js';
import { defineAction } from './types.js';

export const history = defineAction({
  name: 'history',
  summary: 'what was run on this project (all groups, or those named): who, when, how it ended, what it changed',
  description:
    'Lists the records of .hangar/history.jsonl beside nodes.json, oldest first: every action run from the CLI or the workbench appends one when it ends (start, end, user@host, action, groups, flags without secrets, exit code, result, the AWS resources it reports created or deleted). A run cancelled between two AWS changes is INTERRUPTED, with the command that finishes it. With --json the records are the result data. A line that is not a record is a warning naming the line.',
  groups: 'all-by-default',
  flags: {
    last: { type: 'number', short: 'n', integer: true, min: 1, default: 50, placeholder: 'N', description: 'show the last N runs' },
  },
  async run(ctx, groups, flags) {
    const { readHistory, historyPath } = await import('../history/store.js');
    const { entries, warnings } = readHistory(ctx.config.dir);
    for (const warning of warnings) ctx.emit.warn(warning.replace(/^warning: /, ''));
    const every = groups.length >= ctx.config.groups.size;
    const wanted = new Set(groups);
    const records = entries
      .map((e) => e.record)
      .filter((r) => every || r.groups.some((g) => wanted.has(g)))
      .slice(-flags.last);
    const text = records.length ? records.map(formatRecord).join('\n') : `no runs recorded${every ? '' : ` for ${groups.join(' ')}`} in ${historyPath(ctx.config.dir)}`;
    ctx.emit.result(records, text);
  },
});

export const historyActions: AnyAction[] = [history];
