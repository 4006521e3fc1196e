// The etcd v3 calls the registry makes, over the JSON gateway: range, put, delete, txn, leases; every answer checked by a schema.
import type { z } from 'zod';
import type { EtcdConnection } from '../settings.js';
import { EtcdHttpError } from './errors.js';
import { type RangeResult, keepAliveSchema, leaseGrantSchema, plainSchema, rangeSchema, txnSchema } from './schemas.js';
import { EtcdTransport } from './transport.js';
import { openWatchStream, type WatchStream, type WatchStreamOptions } from './watch-stream.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The end of the range of every key starting with `prefix` (its last byte plus one). */
export function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i]! += 1;
      return end.toString('base64');
    }
  }
  return Buffer.from([0]).toString('base64');
}

export type Compare = { key: string; target: 'VERSION' | 'MOD'; result: 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL'; value: number };
export type Op = { put: { key: string; value: string; lease?: string; ignoreLease?: boolean } } | { delete: { key: string } };

function encodeOp(op: Op): unknown {
  if ('delete' in op) return { request_delete_range: { key: b64(op.delete.key) } };
  const { key, value, lease, ignoreLease } = op.put;
  return { request_put: { key: b64(key), value: b64(value), ...(lease ? { lease } : {}), ...(ignoreLease ? { ignore_lease: true } : {}) } };
}

function encodeCompare(compare: Compare): unknown {
  const field = compare.target === 'VERSION' ? 'version' : 'mod_revision';
  return { key: b64(compare.key), target: compare.target, result: compare.result, [field]: String(compare.value) };
}

export class EtcdHttpClient {
  private readonly transport: EtcdTransport;

  constructor(connection: EtcdConnection) {
    this.transport = new EtcdTransport(connection);
  }

  private async call<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const answer = await this.transport.call(path, body);
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new EtcdHttpError(`etcd's answer to ${path} is not what etcd v3 sends: ${parsed.error.issues[0]?.message}`, 'refused');
    return parsed.data;
  }

  /** Keys from `key` (every key under it with `prefix`), at `revision` (0: now); `countOnly` reads no values. */
  range(key: string, options: { prefix?: boolean; revision?: number; countOnly?: boolean } = {}): Promise<RangeResult> {
    return this.call(
      '/v3/kv/range',
      {
        key: b64(key),
        ...(options.prefix ? { range_end: prefixEnd(key) } : {}),
        ...(options.revision ? { revision: String(options.revision) } : {}),
        ...(options.countOnly ? { count_only: true } : {}),
      },
      rangeSchema,
    );
  }

  async put(key: string, value: string, lease?: string): Promise<void> {
    await this.call('/v3/kv/put', { key: b64(key), value: b64(value), ...(lease ? { lease } : {}) }, plainSchema);
  }

  async delete(key: string): Promise<void> {
    await this.call('/v3/kv/deleterange', { key: b64(key) }, plainSchema);
  }

  /** If every compare holds, the `then` ops, else the `otherwise` ops, in one step; resolves to whether the compares held. */
  async txn(compare: Compare[], then: Op[], otherwise: Op[] = []): Promise<boolean> {
    const answer = await this.call(
      '/v3/kv/txn',
      { compare: compare.map(encodeCompare), success: then.map(encodeOp), failure: otherwise.map(encodeOp) },
      txnSchema,
    );
    return answer.succeeded;
  }

  async grantLease(ttl: number): Promise<{ id: string; ttl: number }> {
    const answer = await this.call('/v3/lease/grant', { TTL: ttl }, leaseGrantSchema);
    return { id: answer.ID, ttl: Number(answer.TTL ?? 0) };
  }

  /** One keep-alive; resolves to the TTL left, 0 when etcd no longer has the lease. */
  async keepAlive(id: string): Promise<number> {
    const answer = await this.call('/v3/lease/keepalive', { ID: id }, keepAliveSchema);
    return Number(answer.result?.TTL ?? 0);
  }

  async revokeLease(id: string): Promise<void> {
    try {
      await this.call('/v3/lease/revoke', { ID: id }, plainSchema);
    } catch (error) {
      // Already gone (expired): what revoking wanted.
      if (!(error instanceof EtcdHttpError && /lease not found/i.test(error.message))) throw error;
    }
  }

  /** A watch of every key under `prefix` after `afterRevision`, with previous values; resolves once etcd created it. */
  watch(prefix: string, afterRevision: number, handlers: WatchStreamOptions): Promise<WatchStream> {
    return openWatchStream(
      this.transport,
      { key: b64(prefix), range_end: prefixEnd(prefix), start_revision: String(afterRevision + 1), prev_kv: true },
      handlers,
    );
  }

  close(): void {
    this.transport.close();
  }
}
