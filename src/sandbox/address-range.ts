// HANGAR_SANDBOX_ADDRESS: one loopback address or an inclusive range of them, and which one a new instance gets.
import { z } from 'zod';
import { firstIssue, loopbackAddress } from './validate.js';

/** An inclusive range of IPv4 addresses inside 127.0.0.0/8, as 32-bit numbers (a single address: first === last). */
export interface AddressRange {
  first: number;
  last: number;
}

const toNumber = (address: string): number => address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);

export const formatAddress = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** `127.0.0.2` or `127.0.0.2-127.0.0.41`: both ends in 127.0.0.0/8, the first not after the last. */
export const addressRangeSchema = z
  .string()
  .trim()
  .transform((text) => {
    const dash = text.indexOf('-');
    return dash < 0 ? { from: text, to: text } : { from: text.slice(0, dash).trim(), to: text.slice(dash + 1).trim() };
  })
  .pipe(z.object({ from: loopbackAddress, to: loopbackAddress }))
  .transform(({ from, to }) => ({ first: toNumber(from), last: toNumber(to) }))
  .refine((range) => range.first <= range.last, { message: 'the range is reversed: its first address must not come after its last' });

/** The variable's value as a range, or an error message naming the variable. */
export function parseAddressRange(value: string, name = 'HANGAR_SANDBOX_ADDRESS'): AddressRange | string {
  const parsed = addressRangeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = firstIssue(parsed.error, value)
    .replace(/^\(top level\): /, '')
    .replace(/^from: /, value.includes('-') ? 'the first address ' : '')
    .replace(/^to: /, 'the last address ');
  return `${name} must be a 127.x address or a range of them such as 127.0.0.2-127.0.0.41 (inside 127.0.0.0/8), not ${JSON.stringify(value.slice(0, 80))}: ${issue}`;
}

/** The range's size. */
export const rangeSize = (range: AddressRange): number => range.last - range.first + 1;

/** How many live instances hold each address of the range (addresses outside it are not counted). */
export function countInRange(range: AddressRange, inUse: Iterable<string>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const address of inUse) {
    const n = toNumber(address);
    if (n >= range.first && n <= range.last) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

/**
 * The address a new instance gets: the lowest address of the range that no live instance holds; when every
 * one is held, the one held by the fewest live instances (the lowest of those). So 40 instances over 40
 * addresses get one each, a 41st shares the first, and a terminated instance's address is handed out again.
 * `counts` (from countInRange) is updated with the pick, so one count serves a whole launch.
 */
export function pickAddress(range: AddressRange, counts: Map<number, number>): string {
  let best = range.first;
  let bestCount = Number.POSITIVE_INFINITY;
  // Bounded by the addresses in use: past them some address of the range is free.
  const scanEnd = Math.min(range.last, range.first + counts.size);
  for (let n = range.first; n <= scanEnd; n++) {
    const count = counts.get(n) ?? 0;
    if (count < bestCount) {
      best = n;
      bestCount = count;
    }
    if (count === 0) break;
  }
  counts.set(best, bestCount + 1);
  return formatAddress(best);
}
