// AWS-looking identifiers: `i-0123456789abcdef0`, request ids.
import { randomBytes, randomUUID } from 'node:crypto';

/** A resource id with 17 hex digits, like `ami-0a1b2c3d4e5f67890`. */
export function newId(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

export function newRequestId(): string {
  return randomUUID();
}

/** A colon-separated fingerprint like AWS shows for key pairs. */
export function newFingerprint(): string {
  return [...randomBytes(20)].map((b) => b.toString(16).padStart(2, '0')).join(':');
}
