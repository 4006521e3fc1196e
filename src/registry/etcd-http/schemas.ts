// What etcd's JSON gateway answers, checked where it enters the process: int64 as strings, bytes as base64, defaults left out.
import { z } from 'zod';

/** proto3 JSON sends int64 as a decimal string (left out when 0). Plain strings first, converted after: a pipe per field costs at 10,000 keys. */
const int64 = z.string().regex(/^-?\d+$/, 'is not an integer');
const toNumber = (value: string | undefined) => (value === undefined ? 0 : Number(value));
/** bytes as base64 (left out when empty). */
const bytes = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64');
const fromBase64 = (value: string | undefined) => (value === undefined ? '' : Buffer.from(value, 'base64').toString('utf8'));

export const headerSchema = z
  .object({ revision: int64.optional(), raft_term: int64.optional() })
  .optional()
  .transform((header) => ({ revision: toNumber(header?.revision), raft_term: toNumber(header?.raft_term) }));

const rawKeyValueSchema = z.object({ key: bytes, value: bytes.optional(), mod_revision: int64.optional(), version: int64.optional() });
const toKeyValue = (kv: z.infer<typeof rawKeyValueSchema>) => ({
  key: fromBase64(kv.key),
  value: fromBase64(kv.value),
  mod_revision: toNumber(kv.mod_revision),
  version: toNumber(kv.version),
});
export const keyValueSchema = rawKeyValueSchema.transform(toKeyValue);
export type KeyValue = z.infer<typeof keyValueSchema>;

export const rangeSchema = z
  .object({ header: headerSchema, kvs: z.array(rawKeyValueSchema).optional(), count: int64.optional() })
  .transform((range) => ({ header: range.header, kvs: (range.kvs ?? []).map(toKeyValue), count: toNumber(range.count) }));
export type RangeResult = z.infer<typeof rangeSchema>;

export const txnSchema = z.object({ header: headerSchema, succeeded: z.boolean().default(false) });
export const plainSchema = z.object({ header: headerSchema });
/** Lease ids are int64 beyond 2^53: kept as their decimal string. */
export const leaseGrantSchema = z.object({ ID: z.string().regex(/^\d+$/, 'is not a lease id'), TTL: int64.optional() });
export const keepAliveSchema = z.object({ result: z.object({ TTL: int64.optional() }).optional(), error: z.unknown().optional() });
export const tokenSchema = z.object({ token: z.string().min(1) });

/** A gateway error body: `{error, message, code}` (code: the gRPC status). */
export const errorBodySchema = z.object({ message: z.string().optional(), error: z.string().optional(), code: z.number().int().optional() });

export const watchEventSchema = z.object({
  type: z.enum(['PUT', 'DELETE']).default('PUT'),
  kv: keyValueSchema,
  prev_kv: keyValueSchema.optional(),
});
export type WatchEvent = z.infer<typeof watchEventSchema>;

/** One line of the watch stream: a result (created, events, canceled) or an error. */
export const watchLineSchema = z.object({
  result: z
    .object({
      header: headerSchema,
      created: z.boolean().default(false),
      canceled: z.boolean().default(false),
      cancel_reason: z.string().optional(),
      compact_revision: int64.optional().transform(toNumber),
      events: z.array(watchEventSchema).default([]),
    })
    .optional(),
  error: z.object({ message: z.string().optional(), grpc_code: z.number().optional(), http_code: z.number().optional() }).loose().optional(),
});
export type WatchLine = z.infer<typeof watchLineSchema>;
