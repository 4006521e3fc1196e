// Shared checks for values that reach the sandbox from outside: loopback addresses, speeds, and zod issues said in one line.
import { z } from 'zod';

/** An IPv4 address in 127.0.0.0/8: nothing the sandbox hands out can leave the machine. */
export const loopbackAddress = z
  .string()
  .trim()
  .pipe(z.ipv4({ message: 'expected an IPv4 address' }))
  .refine((address) => address.startsWith('127.'), {
    message: 'must be a loopback address (127.x.x.x): the sandbox never hands out an address that leaves the machine',
  });

export function isLoopbackAddress(value: string): boolean {
  return loopbackAddress.safeParse(value).success;
}

/** The delay factor: positive and bounded (0.0001 = ten thousand times faster, 100 = a hundred times slower). */
export const SPEED_RANGE = { min: 0.0001, max: 100 } as const;
export const speedSchema = z
  .number({ message: 'expected a number' })
  .min(SPEED_RANGE.min, { message: `must be at least ${SPEED_RANGE.min}` })
  .max(SPEED_RANGE.max, { message: `must be at most ${SPEED_RANGE.max}` });

/** A key path as people write it: `instances[0].tags`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(top level)';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** The first issue as `path: what was expected, what was there` (one line). */
export function firstIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = formatPath(issue.path);
  if (issue.code === 'invalid_type')
    return `${where}: expected ${issue.expected === 'record' ? 'object' : issue.expected}, got ${describeValue(valueAt(input, issue.path))}`;
  if (issue.code === 'unrecognized_keys') return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, '')}`;
}
