// What a registry entry may hold, checked where it enters the process (an etcd key and value) and again before haproxy.
import { isIP } from 'node:net';
import { z } from 'zod';
import type { ServiceEntry } from './types.js';

/** A stored value longer than this is refused before it is parsed (ours are ~150 bytes). */
export const MAX_VALUE_BYTES = 4096;
const MAX_NAME = 128;
const MAX_HOSTNAME = 253;

/** No control character (newline, tab, ...): a regex check, which zod runs far faster cold than a refine (a 10,000-entry list). */
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f]*$/;
/** Service and instance names: what a recipe name or an EC2 instance id looks like. Nothing haproxy or a shell would split. */
export const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** An IPv4 or IPv6 address, or an RFC 1123 hostname (labels of 1-63 letters, digits, inner hyphens; not all-numeric at the end). */
export function isHost(value: string): boolean {
  if (isIP(value) !== 0) return true;
  if (value.length === 0 || value.length > MAX_HOSTNAME) return false;
  const labels = value.replace(/\.$/, '').split('.');
  return labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

const plainString = (max: number) =>
  z.string({ error: 'must be a string' }).max(max, `longer than ${max} characters`).regex(NO_CONTROL, 'contains a control character (newline, tab, ...)');

export const nameSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'is empty')
  .max(MAX_NAME, `longer than ${MAX_NAME} characters`)
  .regex(PLAIN_NAME, 'must be a plain name (letters, digits, `_.-`, starting with a letter or digit)');

export const hostSchema = z
  .string({ error: 'must be a string' })
  .max(MAX_HOSTNAME, `longer than ${MAX_HOSTNAME} characters`)
  .refine(isHost, 'is not an IPv4/IPv6 address or an RFC 1123 hostname');

export const portSchema = z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1-65535').max(65_535, 'must be 1-65535');

/** The stored value; unknown keys are ignored, a missing group/status/since gets its default. */
export const entryValueSchema = z.object(
  {
    host: hostSchema,
    port: portSchema,
    group: plainString(MAX_NAME).optional(),
    instance: nameSchema.optional(),
    status: z.enum(['up', 'draining'], { error: 'must be "up" or "draining"' }).optional(),
    since: plainString(64).optional(),
  },
  { error: 'must be a JSON object' },
);

/** A whole entry, as the haproxy renderer re-checks it whatever backend it came from. */
export const entrySchema = entryValueSchema.extend({
  service: nameSchema,
  instance: nameSchema,
  group: plainString(MAX_NAME),
  status: z.enum(['up', 'draining'], { error: 'must be "up" or "draining"' }),
  since: plainString(64),
});

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** A value for a message: JSON-quoted (so a newline shows as `\n`), cut to `max` characters. */
export function preview(value: unknown, max = 60): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value.length > max * 2 ? value.slice(0, max * 2) : value) : String(JSON.stringify(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** The first problem zod found, as `port: must be 1-65535 (got 0)`. */
function describeIssue(error: z.ZodError, raw: unknown): string {
  const issue = error.issues[0]!;
  const path = issue.path.map(String);
  let value: unknown = raw;
  for (const part of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  const where = path.length ? `${path.join('.')}: ` : 'value: ';
  const missing = value === undefined && path.length > 0;
  return `${where}${missing ? 'is missing' : `${issue.message} (got ${preview(value)})`}`;
}

/** Parses `data` through `schema`, or says what is wrong in one line. */
export function check<T>(schema: z.ZodType<T>, data: unknown): Checked<T> {
  const result = schema.safeParse(data);
  return result.success ? { ok: true, value: result.data } : { ok: false, problem: describeIssue(result.error, data) };
}

/** Checks a service or instance part of a key. */
export const checkName = (what: string, value: string): string | undefined => {
  const result = check(nameSchema, value);
  return result.ok ? undefined : `${what} ${result.problem.replace(/^value: /, '')}`;
};

/** Re-checks an entry (any backend): undefined when it is fine, else what is wrong. */
export function entryProblem(entry: ServiceEntry): string | undefined {
  const result = check(entrySchema, entry);
  return result.ok ? undefined : result.problem;
}
