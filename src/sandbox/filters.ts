// EC2 / Auto Scaling `Filters` ([{Name, Values}]) with AWS wildcards (`*`, `?`), and tag lists.
import { invalidParameter } from './api-error.js';
import type { Tags } from './state/types.js';

export interface FilterInput {
  Name?: string;
  Values?: string[];
}

/** The values a record has for a filter name, or undefined when the name is not a known filter. */
export type FieldsOf<T> = (record: T, name: string) => Array<string | undefined> | undefined;

/**
 * Matches `value` against an AWS wildcard pattern (`*` any run, `?` one character) without a regex:
 * the greedy two-pointer walk takes at most pattern x value steps, whatever the pattern (no backtracking blow-up).
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === value[v]))) {
      p++;
      v++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = v;
    } else if (star >= 0) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function matcherOf(pattern: string): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  return (value) => wildcardMatch(pattern, value);
}

/** Tag filters every taggable resource understands: `tag:KEY`, `tag-key`, `tag-value`. */
export function tagFields(tags: Tags, name: string): string[] | undefined {
  if (name.startsWith('tag:')) {
    const value = tags[name.slice(4)];
    return value === undefined ? [] : [value];
  }
  if (name === 'tag-key') return Object.keys(tags);
  if (name === 'tag-value') return Object.values(tags);
  return undefined;
}

/** Keeps the records that match every filter (values of one filter are OR-ed); an unknown filter name is an error. */
export function applyFilters<T>(
  records: readonly T[],
  filters: FilterInput[] | undefined,
  fields: FieldsOf<T>,
  unknownFilter: (name: string) => Error = (name) => invalidParameter(`The filter '${name}' is invalid`),
): T[] {
  if (!filters || filters.length === 0) return [...records];
  const compiled = filters.map((filter) => {
    const name = filter.Name ?? '';
    return { name, matchers: (filter.Values ?? []).map(matcherOf) };
  });
  return records.filter((record) =>
    compiled.every(({ name, matchers }) => {
      const values = fields(record, name);
      if (values === undefined) throw unknownFilter(name);
      return values.some((value) => value !== undefined && matchers.some((match) => match(value)));
    }),
  );
}

/** Tags as the SDK lists them: [{Key, Value}], sorted by key. */
export function tagList(tags: Tags): Array<{ Key: string; Value: string }> {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key]! }));
}

/** The tag list of a resource, or undefined when it has none (AWS leaves `Tags` out then). */
export const withTags = (tags: Tags) => (Object.keys(tags).length > 0 ? tagList(tags) : undefined);

/** The tags of TagSpecifications ([{ResourceType, Tags}]) meant for `resourceType`. */
export function tagsFromSpecifications(specs: unknown, resourceType: string): Tags {
  const tags: Tags = {};
  for (const spec of (specs as Array<{ ResourceType?: string; Tags?: Array<{ Key?: string; Value?: string }> }>) ?? []) {
    if (spec.ResourceType !== resourceType) continue;
    for (const tag of spec.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  }
  return tags;
}
