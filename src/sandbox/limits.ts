// The sandbox's caps on what one request may ask for (AWS's own limits or lower), and the AWS errors that refuse more.
import { type ApiError, apiError } from './api-error.js';
import type { Protocol } from './protocol/protocol.js';

export const LIMITS = {
  /** Bytes of one API request body (AWS's query APIs refuse far less in practice; UserData is at most 16 KB). */
  bodyBytes: 1024 * 1024,
  /** Bytes of one admin (/_sandbox/...) JSON body. */
  adminBodyBytes: 64 * 1024,
  /** Items of any one list parameter (TerminateInstances: up to 1000 instance ids). */
  listItems: 1000,
  /** Filters of one call, and values of one filter (EC2 answers FilterLimitExceeded beyond its own limits). */
  filters: 50,
  filterValues: 200,
  /** Characters of one filter value: bounds the wildcard matcher's work. */
  filterValueChars: 1024,
  /** Instances not terminated, per region (EC2's instance quota: InstanceLimitExceeded beyond it). */
  instancesPerRegion: 1000,
  /** MinSize, MaxSize, DesiredCapacity of an Auto Scaling group. */
  groupSize: 1000,
  /** API requests being handled at once; more are answered RequestLimitExceeded (503), which the SDK retries. */
  inFlight: 256,
} as const;

/** The error AWS gives for a parameter value the API model refuses: InvalidParameterValue (EC2), ValidationError (Auto Scaling). */
export function badValue(protocol: Protocol, parameter: string, value: unknown, constraint: string): ApiError {
  const shown = String(value).slice(0, 100);
  if (protocol === 'query') {
    return apiError(
      'ValidationError',
      `1 validation error detected: Value '${shown}' at '${lowerFirst(parameter)}' failed to satisfy constraint: ${constraint}`,
    );
  }
  return apiError('InvalidParameterValue', `Value (${shown}) for parameter ${lowerFirst(parameter)} is invalid. ${constraint}`);
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Refuses a list parameter longer than LIMITS.listItems (the decoder calls it for every list). */
export function checkListLength(protocol: Protocol, parameter: string, length: number): void {
  if (length <= LIMITS.listItems) return;
  if (protocol === 'ec2' && /^Filters?$/.test(parameter)) throw filterLimit();
  throw badValue(protocol, parameter, `a list of ${length} items`, `Member must have length less than or equal to ${LIMITS.listItems}`);
}

function filterLimit(): ApiError {
  return apiError(
    'FilterLimitExceeded',
    `The request uses too many filters or too many filter values (at most ${LIMITS.filters} filters of ${LIMITS.filterValues} values each).`,
  );
}

/** Refuses more filters, values or longer values than the limits (EC2: FilterLimitExceeded; Auto Scaling: ValidationError). */
export function checkFilters(protocol: Protocol, filters: ReadonlyArray<{ Values?: readonly string[] | undefined }> | undefined): void {
  if (!filters) return;
  const tooMany = filters.length > LIMITS.filters || filters.some((f) => (f.Values?.length ?? 0) > LIMITS.filterValues);
  if (tooMany)
    throw protocol === 'ec2'
      ? filterLimit()
      : badValue(protocol, 'Filters', `${filters.length} filters`, `at most ${LIMITS.filters} filters of ${LIMITS.filterValues} values`);
  const long = filters.flatMap((f) => f.Values ?? []).find((v) => v.length > LIMITS.filterValueChars);
  if (long !== undefined)
    throw badValue(protocol, 'Filter.Values', `${long.slice(0, 20)}...`, `Member must have length less than or equal to ${LIMITS.filterValueChars}`);
}

/** A whole number within [min, max], or the AWS validation error naming the parameter. */
export function checkCount(protocol: Protocol, parameter: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value)) throw badValue(protocol, parameter, value, 'Member must be an integer');
  if (value < min) throw badValue(protocol, parameter, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw badValue(protocol, parameter, value, `Member must have value less than or equal to ${max}`);
}
