// `hangar history [G...]`: what was run on the project, by whom, and how it ended (from .hangar/history.jsonl).
import { formatRecord } from '../history/format.js';
import { resolveEtcdConnection } from '../registry/settings.js';
import type { AnyAction } from './types.js';
import { defineAction } from './types.js';

export const history = defineAction({
  name: 'history',
  summary: 'what was run on this project (all groups, or those named): who, when, how it ended, what it changed',
  description:
    "Lists the records of .hangar/history.jsonl beside nodes.json, and where a registry is configured those under <prefix>/history/ in etcd (other operators' runs), oldest first: every action run from the CLI or the workbench appends one when it ends (start, end, user@host, action, groups, flags without secrets, exit code, result, the AWS resources it reports created or deleted). A run cancelled between two AWS changes is INTERRUPTED, with the command that finishes it. With --json the records are the result data. A line that is not a record is a warning naming the line.",
  groups: 'all-by-default',
  flags: {
    last: { type: 'number', short: 'n', integer: true, min: 1, max: 100_000, default: 50, placeholder: 'N', description: 'show the last N runs' },
  },
  async run(ctx, groups, flags) {
    const { readHistory, historyPath } = await import('../history/store.js');
    const { entries, warnings } = readHistory(ctx.config.dir);
    for (const warning of warnings) ctx.emit.warn(warning.replace(/^warning: /, ''));
    const byId = new Map(entries.map((e) => [e.record.id, e.record]));
    // Where a registry is configured, other operators' runs are there too.
    const connection = ctx.backends.localOnly ? undefined : resolveEtcdConnection(ctx.config.settings.registry, process.env);
    if (connection) {
      try {
        const { readRemoteRecords } = await import('../history/remote.js');
        const remote = await readRemoteRecords(connection);
        for (const warning of remote.warnings) ctx.emit.warn(warning);
        for (const record of remote.records) if (!byId.has(record.id)) byId.set(record.id, record);
      } catch (error) {
        const { explainEtcdError } = await import('../registry/etcd-errors.js');
        ctx.emit.warn(`showing this folder's history only: ${explainEtcdError('etcd', 'reading the history', error).message}`);
      }
    }
    const every = groups.length >= ctx.config.groups.size;
    const wanted = new Set(groups);
    const records = [...byId.values()]
      .sort((a, b) => a.start.localeCompare(b.start))
      .filter((r) => every || r.groups.some((g) => wanted.has(g)))
      .slice(-flags.last);
    const text = records.length
      ? records.map(formatRecord).join('\n')
      : `no runs recorded${every ? '' : ` for ${groups.join(' ')}`} in ${historyPath(ctx.config.dir)}`;
    ctx.emit.result(records, text);
  },
});

export const historyActions: AnyAction[] = [history];
