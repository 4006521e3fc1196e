// The service map as lines: each service, then its instances (host, group, status, age); recent changes marked.
import type { ServiceEntry } from '../../registry/types.js';
import type { RegistryView } from '../store/types.js';
import { formatAge } from '../../format/time.js';
import type { Line } from './lines.js';

const col = (text: string, width: number) => (text.length >= width ? `${text.slice(0, width - 1)} ` : text.padEnd(width));

export const SERVICE_HEADER = `  ${col('INSTANCE', 21)}${col('HOST', 22)}${col('GROUP', 16)}${col('STATUS', 10)}AGE`;

function row(entry: ServiceEntry, status: string, now: number): string {
  const age = formatAge(now - Date.parse(entry.since));
  return `  ${col(entry.instance, 21)}${col(`${entry.host}:${entry.port}`, 22)}${col(entry.group, 16)}${col(status, 10)}${age}`;
}

/** Lines of the map at `now`; entries deleted within the highlight time show as `gone`. */
export function serviceLines(registry: RegistryView, now: number): Line[] {
  const byService = new Map<string, { entry: ServiceEntry; gone: boolean }[]>();
  const add = (entry: ServiceEntry, gone: boolean) => {
    const list = byService.get(entry.service) ?? [];
    list.push({ entry, gone });
    byService.set(entry.service, list);
  };
  for (const entry of registry.entries.values()) add(entry, false);
  for (const [key, change] of registry.changes) if (change.kind === 'delete' && !registry.entries.has(key)) add(change.entry, true);

  const lines: Line[] = [];
  for (const service of [...byService.keys()].sort()) {
    const items = byService.get(service)!.sort((a, b) => a.entry.instance.localeCompare(b.entry.instance));
    const live = items.filter((i) => !i.gone).length;
    lines.push({ text: `${service}  (${live} instance${live === 1 ? '' : 's'})`, tone: 'accent', bold: true });
    for (const { entry, gone } of items) {
      const changed = registry.changes.has(`${entry.service}/${entry.instance}`);
      const status = gone ? 'gone' : entry.status === 'draining' ? 'DRAINING' : entry.status;
      const tone = gone ? 'removed' : entry.status === 'draining' ? 'warn' : changed ? 'changed' : 'plain';
      lines.push({ text: `${row(entry, status, now)}${changed ? '  *' : ''}`, tone, bold: changed });
    }
  }
  return lines;
}
