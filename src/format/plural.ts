// Counted nouns said right: `1 key pair`, `2 key pairs`, `1 AMI`, `0 hosts`.

/** The noun for `count`: `singular` for exactly one, else `plural` (default: singular + s). */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return count === 1 ? singular : plural;
}

/** `count` and its noun: `1 key pair`, `3 key pairs`. */
export function formatCount(count: number, singular: string, plural?: string): string {
  return `${count} ${pluralize(count, singular, plural)}`;
}
