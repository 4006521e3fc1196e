// The same history record put in etcd under `<prefix>/history/<id>`, so operators see each other's work; kept 30 days.
import type { EtcdConnection } from '../registry/settings.js';
import { type HistoryRecord, historyRecordSchema } from './record.js';
import { encodeRecord } from './store.js';

export const HISTORY_TTL_SECONDS = 30 * 24 * 3600;

export const historyPrefix = (prefix: string) => `${prefix.replace(/\/+$/, '')}/history/`;

/** Puts the record (at most `timeoutMs`) over etcd's JSON gateway, as the registry does; throws what etcd said when it cannot. */
export async function putRemoteRecord(connection: EtcdConnection, record: HistoryRecord, secrets: readonly string[], timeoutMs = 3_000): Promise<void> {
  const key = `${historyPrefix(connection.prefix)}${record.id}`;
  const value = encodeRecord(record, secrets).trimEnd();
  const { EtcdHttpClient } = await import('../registry/etcd-http/client.js');
  const client = new EtcdHttpClient(connection);
  const timer = setTimeout(() => client.close(), timeoutMs);
  try {
    const { id } = await client.grantLease(HISTORY_TTL_SECONDS);
    await client.put(key, value, id);
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

/** Every record under `<prefix>/history/` (other operators' runs too); a value that is not a record is a warning. */
export async function readRemoteRecords(connection: EtcdConnection, timeoutMs = 3_000): Promise<{ records: HistoryRecord[]; warnings: string[] }> {
  const { EtcdHttpClient } = await import('../registry/etcd-http/client.js');
  const client = new EtcdHttpClient(connection);
  const timer = setTimeout(() => client.close(), timeoutMs);
  try {
    const { kvs } = await client.range(historyPrefix(connection.prefix), { prefix: true });
    const records: HistoryRecord[] = [];
    const warnings: string[] = [];
    for (const { key, value: text } of kvs) {
      let parsed: ReturnType<typeof historyRecordSchema.safeParse> | undefined;
      try {
        parsed = historyRecordSchema.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) records.push(parsed.data);
      else warnings.push(`etcd ${key}: not a history record, skipped`);
    }
    return { records, warnings };
  } finally {
    clearTimeout(timer);
    client.close();
  }
}
