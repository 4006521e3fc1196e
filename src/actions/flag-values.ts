// Numeric flag values: coerce the text, check the declared type and range, and say the range in words.
import { usageError } from '../errors.js';
import type { FlagSpec } from './types.js';

/** Node's timers hold at most 2^31-1 ms (about 24.8 days): a longer wait would fire at once. */
export const MAX_TIMER_SECONDS = 2_147_483;

/** Ranges shared by the catalog's flags. */
export const RANGES = {
  /** A TCP port. */
  port: { integer: true, min: 1, max: 65535 },
  /** A duration that ends up in a timer. */
  seconds: { min: 0, max: MAX_TIMER_SECONDS, unit: 'seconds' },
} as const;

/** The flag's accepted values in words: `a whole number from 0 to 100000`, `0 to 2147483 seconds`. */
export function describeRange(spec: FlagSpec): string {
  const kind = spec.integer ? 'a whole number' : 'a number';
  const unit = spec.unit ? ` ${spec.unit}` : '';
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${String(spec.min)} to ${String(spec.max)}${unit}`;
  if (spec.min !== undefined) return `${kind} of at least ${String(spec.min)}${unit}`;
  if (spec.max !== undefined) return `${kind} of at most ${String(spec.max)}${unit}`;
  return `${kind}${unit}`;
}

/** Short range for help lines: `0-100`, `1-65535`, `0.1-2147483 s`. */
export function shortRange(spec: FlagSpec): string | undefined {
  if (spec.type !== 'number' || (spec.min === undefined && spec.max === undefined)) return undefined;
  const unit = spec.unit === 'seconds' ? ' s' : '';
  return `${spec.min ?? ''}-${spec.max ?? ''}${unit}`;
}

/** A flag's value, as its spec declares it (numbers checked against their range). */
export function coerceFlag(actionName: string, name: string, spec: FlagSpec, raw: unknown): unknown {
  if (spec.type !== 'number') return raw;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  const ok =
    Number.isFinite(value) &&
    (!spec.integer || Number.isInteger(value)) &&
    (spec.min === undefined || value >= spec.min) &&
    (spec.max === undefined || value <= spec.max);
  if (!ok) {
    throw usageError(
      'usage.flag',
      `${actionName}: --${name}${spec.short ? ` (-${spec.short})` : ''} expects ${describeRange(spec)}, got ${JSON.stringify(String(raw))}`,
      {
        hint: `see: hangar help ${actionName}`,
      },
    );
  }
  return value;
}
