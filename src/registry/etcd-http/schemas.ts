// What etcd's JSON gateway answers, checked where it enters the process: int64 as strings, bytes as base64, defaults left out.
import { z } from 'zod';

const int64 = z.union([z.string().regex(/^-?\d+$/), z.number().int()]).transform(Number);
const bytes = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64')
  .transform((b64) => Buffer.from(b64, 'base64').toString('utf8'));

export const headerSchema = z.object({ revision: int64.default(0), raft_term: int64.default(0) }).default({ revision: 0, raft_term: 0 });

export const keyValueSchema = z.object({
  key: bytes,
  value: bytes.default(''),
  mod_revision: int64.default(0),
  version: int64.default(0),
});
export type KeyValue = z.infer<typeof keyValueSchema>;

export const rangeSchema = z.object({ header: headerSchema, kvs: z.array(keyValueSchema).default([]), count: int64.default(0) });
export type RangeResult = z.infer<typeof rangeSchema>;

export const txnSchema = z.object({ header: headerSchema, succeeded: z.boolean().default(false) });
export const plainSchema = z.object({ header: headerSchema });
/** Lease ids are int64 beyond 2^53: kept as their decimal string. */
export const leaseGrantSchema = z.object({ ID: z.string().regex(/^\d+$/, 'is not a lease id'), TTL: int64.default(0) });
export const keepAliveSchema = z.object({ result: z.object({ TTL: int64.default(0) }).optional(), error: z.unknown().optional() });
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
      compact_revision: int64.default(0),
      events: z.array(watchEventSchema).default([]),
    })
    .optional(),
  error: z.object({ message: z.string().optional(), grpc_code: z.number().optional(), http_code: z.number().optional() }).loose().optional(),
});
export type WatchLine = z.infer<typeof watchLineSchema>;
