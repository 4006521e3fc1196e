// The seed's merge rules: a group on top of __base__, with the origin of every key.
import type { JsonValue } from './parse.js';

export type JsonObject = { [key: string]: JsonValue };
export type Side = 'base' | 'group';

/** Where a merged key came from, for the TUI's config pane and config:show. */
export type Origin =
  | { kind: 'base' }
  | { kind: 'group' }
  /** Set by neither: hangar's default (GROUP_DEFAULTS). */
  | { kind: 'default' }
  | { kind: 'merged'; keys: Record<string, Side> }
  | { kind: 'appended'; items: Side[] };

export interface MergeResult {
  merged: JsonObject;
  origins: Record<string, Origin>;
}

export const isPlainObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** base + group with exact duplicates kept once, at their first place. */
export function appendUnique(base: readonly JsonValue[], group: readonly JsonValue[]): { items: JsonValue[]; sides: Side[] } {
  const seen = new Set<string>();
  const items: JsonValue[] = [];
  const sides: Side[] = [];
  const add = (item: JsonValue, side: Side) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return;
    seen.add(key);
    items.push(item);
    sides.push(side);
  };
  for (const item of base) add(item, 'base');
  for (const item of group) add(item, 'group');
  return { items, sides };
}

/**
 * Merges a group onto __base__: lists appended (base first, duplicates once),
 * dicts merged one level deep (nested dicts replaced whole), anything else
 * overridden by the group. A type change (base `false`, group dict) is an override.
 */
export function mergeGroup(base: JsonObject, group: JsonObject): MergeResult {
  const merged: JsonObject = {};
  const origins: Record<string, Origin> = {};
  for (const [key, value] of Object.entries(base)) {
    merged[key] = value;
    origins[key] = { kind: 'base' };
  }
  for (const [key, value] of Object.entries(group)) {
    const inherited = base[key];
    if (Array.isArray(inherited) && Array.isArray(value)) {
      const { items, sides } = appendUnique(inherited, value);
      merged[key] = items;
      origins[key] = { kind: 'appended', items: sides };
    } else if (isPlainObject(inherited) && isPlainObject(value)) {
      const keys: Record<string, Side> = {};
      for (const sub of Object.keys(inherited)) keys[sub] = 'base';
      for (const sub of Object.keys(value)) keys[sub] = 'group';
      merged[key] = { ...inherited, ...value };
      origins[key] = { kind: 'merged', keys };
    } else {
      merged[key] = value;
      origins[key] = { kind: 'group' };
    }
  }
  return { merged, origins };
}

/** Fills keys that neither __base__ nor the group sets with hangar's defaults, marked `default`. */
export function applyDefaults(result: MergeResult, defaults: Readonly<Record<string, JsonValue>>): MergeResult {
  const merged = { ...result.merged };
  const origins = { ...result.origins };
  for (const [key, value] of Object.entries(defaults)) {
    if (merged[key] !== undefined) continue;
    merged[key] = value;
    origins[key] = { kind: 'default' };
  }
  return { merged, origins };
}

/** The run list everything generated uses: run_list, then post_run_list, duplicates once. */
export function fullRunList(merged: { run_list?: readonly string[]; post_run_list?: readonly string[] }): string[] {
  return appendUnique(merged.run_list ?? [], merged.post_run_list ?? []).items as string[];
}
