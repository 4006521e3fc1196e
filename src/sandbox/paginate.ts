// NextToken pagination as AWS does it: an opaque token, a page size bounded by the call's limits.
import { invalidParameter } from './api-error.js';
import { checkCount } from './limits.js';
import type { Protocol } from './protocol/query-decode.js';

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

/** A page of `items` starting at the token's offset; `max` undefined means everything left (the AWS default for most calls). */
export function paginate<T>(
  items: readonly T[],
  max: number | undefined,
  token: string | undefined,
  limits: { min: number; max: number; protocol?: Protocol } = { min: 5, max: 1000 },
): Page<T> {
  let start = 0;
  if (token) {
    const decoded = Number(
      Buffer.from(token, 'base64url')
        .toString('utf8')
        .replace(/^sandbox:/, ''),
    );
    if (!Number.isInteger(decoded) || decoded < 0) throw invalidParameter(`Invalid NextToken: ${token}`);
    start = decoded;
  }
  const protocol = limits.protocol ?? 'ec2';
  if (max !== undefined && protocol === 'ec2' && (!Number.isInteger(max) || max < limits.min || max > limits.max)) {
    throw invalidParameter(`Value (${max}) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`);
  }
  checkCount(protocol, 'MaxRecords', max, limits.min, limits.max);
  const size = max ?? items.length;
  const end = start + size;
  const page = items.slice(start, end);
  const nextToken = end < items.length ? Buffer.from(`sandbox:${end}`, 'utf8').toString('base64url') : undefined;
  return { items: page, nextToken };
}
