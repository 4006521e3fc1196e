// The service map as people read it: one row per service (instances, hosts, groups, age), one line per change, one per outage.
import { messageOf } from '../errors.js';
import type { RegistryEvent, RegistryState, ServiceEntry } from './types.js';

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

/** `45s`, `12m`, `3h`, `2d`: how long ago `iso` was. */
export function formatAge(iso: string, now = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '-';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.round(seconds / 3_600)}h`;
  return `${Math.round(seconds / 86_400)}d`;
}

const MAX_HOSTS = 4;

/** A plain-text table with a header; hosts beyond four are counted, not listed. */
export function formatServiceTable(rows: readonly ServiceRow[], now = Date.now()): string {
  const cells = rows.map((row) => [
    row.service,
    row.draining ? `${row.instances} (${row.draining} draining)` : String(row.instances),
    row.hosts.length > MAX_HOSTS ? `${row.hosts.slice(0, MAX_HOSTS).join(', ')} +${row.hosts.length - MAX_HOSTS}` : row.hosts.join(', '),
    row.groups.join(', '),
    formatAge(row.since, now),
  ]);
  const table = [['SERVICE', 'INSTANCES', 'HOSTS', 'GROUPS', 'AGE'], ...cells];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  return table.map((line) => line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n');
}

/** One line per change: `put www i-1 127.0.0.1:8080 up [group]` or `delete www i-1`. */
export function formatRegistryEvent(event: RegistryEvent): string {
  if (event.type === 'delete') return `delete ${event.service} ${event.instance} (rev ${event.revision})`;
  const { entry } = event;
  return `put ${entry.service} ${entry.instance} ${entry.host}:${entry.port} ${entry.status} [${entry.group}] (rev ${event.revision})`;
}

/** `0.4 s`, `12 s`, `3 min 5 s`: how long an outage lasted. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
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
        ? `${state.resynced.why === 'data lost' ? 'it lost its data' : 'it no longer has the history since then'} (revision ${state.resynced.from} -> ${state.resynced.to}): re-read ${state.resynced.entries.length} entries`
        : `resumed after revision ${state.revision}, no change missed`;
      return `registry ${description} back after ${formatDuration(state.downMs)}; ${how}`;
    }
  }
}
