// The service map as people read it: one row per service (instances, hosts, groups, age), one line per change, one per outage.
import { messageOf } from '../errors.js';
import { formatTable } from '../format/table.js';
import { formatAgeOf, formatDurationWords } from '../format/time.js';
import type { RegistryEvent, RegistryState, ServiceEntry } from './types.js';
import { formatCount } from '../format/plural.js';

export interface ServiceRow {
  service: string;
  instances: number;
  draining: number;
  hosts: string[];
  groups: string[];
  /** The most recent registration or status change (ISO). */
  since: string;
}

export function summarizeServices(entries: readonly ServiceEntry[]): ServiceRow[] {
  const rows = new Map<string, ServiceRow>();
  for (const entry of entries) {
    const row = rows.get(entry.service) ?? { service: entry.service, instances: 0, draining: 0, hosts: [], groups: [], since: '' };
    row.instances++;
    if (entry.status === 'draining') row.draining++;
    row.hosts.push(`${entry.host}:${entry.port}${entry.status === 'draining' ? ' (draining)' : ''}`);
    if (entry.group && !row.groups.includes(entry.group)) row.groups.push(entry.group);
    if (entry.since > row.since) row.since = entry.since;
    rows.set(entry.service, row);
  }
  return [...rows.values()].sort((a, b) => a.service.localeCompare(b.service));
}

const MAX_HOSTS = 4;

/** A plain-text table with a header; hosts beyond four are counted, not listed. */
export function formatServiceTable(rows: readonly ServiceRow[], now = Date.now()): string {
  const cells = rows.map((row) => [
    row.service,
    row.draining ? `${row.instances} (${row.draining} draining)` : String(row.instances),
    row.hosts.length > MAX_HOSTS ? `${row.hosts.slice(0, MAX_HOSTS).join(', ')} +${row.hosts.length - MAX_HOSTS}` : row.hosts.join(', '),
    row.groups.join(', '),
    formatAgeOf(row.since, now),
  ]);
  return formatTable(['SERVICE', 'INSTANCES', 'HOSTS', 'GROUPS', 'AGE'], cells);
}

/** One line per change: `put www i-1 127.0.0.1:8080 up [group]` or `delete www i-1`. */
export function formatRegistryEvent(event: RegistryEvent): string {
  if (event.type === 'delete') return `delete ${event.service} ${event.instance} (rev ${event.revision})`;
  const { entry } = event;
  return `put ${entry.service} ${entry.instance} ${entry.host}:${entry.port} ${entry.status} [${entry.group}] (rev ${event.revision})`;
}

/** The one line said when the registry goes away and the one when it is back; nothing for a retry in between. */
export function formatRegistryState(description: string, state: RegistryState): string | undefined {
  switch (state.type) {
    case 'unreachable':
      return `registry ${description} unreachable (${messageOf(state.error)}); following it again when it is back`;
    case 'retrying':
      return undefined;
    case 'back': {
      const how = state.resynced
        ? `${state.resynced.why === 'data lost' ? 'it lost its data' : 'it no longer has the history since then'} (revision ${state.resynced.from} -> ${state.resynced.to}): re-read ${formatCount(state.resynced.entries.length, 'entry', 'entries')}`
        : `resumed after revision ${state.revision}, no change missed`;
      return `registry ${description} back after ${formatDurationWords(state.downMs)}; ${how}`;
    }
  }
}
