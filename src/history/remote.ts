// The same history record put in etcd under `<prefix>/history/<id>`, so operators see each other's work; kept 30 days.
import type { EtcdConnection } from '../registry/settings.js';
import { etcdClientOptions } from '../registry/etcd-client.js';
import { type HistoryRecord, historyRecordSchema } from './record.js';
import { encodeRecord } from './store.js';

export const HISTORY_TTL_SECONDS = 30 * 24 * 3600;

export const historyPrefix = (prefix: string) => `${prefix.replace(/\/+$/, '')}/history/`;

/** Puts the record (at most `timeoutMs`); throws what etcd said when it cannot. Over etcd's JSON gateway unless TLS (as the registry). */
export async function putRemoteRecord(connection: EtcdConnection, record: HistoryRecord, secrets: readonly string[], timeoutMs = 3_000): Promise<void> {
  const key = `${historyPrefix(connection.prefix)}${record.id}`;
  const value = encodeRecord(record, secrets).trimEnd();
  if (!connection.tls) {
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
    return;
  }
  const { Etcd3 } = await import('etcd3');
  const client = new Etcd3(etcdClientOptions(connection));
  const timer = setTimeout(() => client.close(), timeoutMs);
  try {
    const lease = client.lease(HISTORY_TTL_SECONDS, { autoKeepAlive: false });
    const id = await lease.grant();
    await client.put(key).value(value).lease(id);
    lease.release();
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

/** Every record under `<prefix>/history/` (other operators' runs too); a value that is not a record is a warning. */
export async function readRemoteRecords(connection: EtcdConnection, timeoutMs = 3_000): Promise<{ records: HistoryRecord[]; warnings: string[] }> {
  const { Etcd3 } = await import('etcd3');
  const client = new Etcd3(etcdClientOptions(connection));
  const timer = setTimeout(() => client.close(), timeoutMs);
  try {
    const values = await client.getAll().prefix(historyPrefix(connection.prefix)).strings();
    const records: HistoryRecord[] = [];
    const warnings: string[] = [];
    for (const [key, text] of Object.entries(values)) {
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
