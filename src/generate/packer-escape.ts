// Escapes user values for packer's legacy JSON templates so packer reads them as text, never as template code.
import { usageError } from '../errors.js';

/**
 * Packer (1.x, JSON templates) renders string values as Go text/template. Only `{{` opens an action
 * (`}}` outside one is plain text), so each `{{` is written as the action ``{{`{{`}}``, which prints a
 * literal `{{`. A backtick raw string rather than `{{"{{"}}`: it needs no JSON escaping.
 * Packer renders every field hangar writes exactly once (builder fields when the template is prepared;
 * `tags`, `run_tags`, `ami_description` once at build time), checked against packer 1.6.6.
 */
const OPEN = '{{';
const LITERAL_OPEN = '{{`{{`}}';

/** A string that packer, rendering it once, turns back into `text`. */
export function escapePackerString(text: string): string {
  return text.split(OPEN).join(LITERAL_OPEN);
}

/** Escapes every string in a JSON value, object keys included (packer renders nested map keys too). */
export function escapePackerValue<T>(value: T): T {
  if (typeof value === 'string') return escapePackerString(value) as T;
  if (Array.isArray(value)) return value.map((item) => escapePackerValue(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, escapePackerString(key), { value: escapePackerValue(item), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}

/** Builder keys packer 1.6 renders more than once (block devices are rendered again when prepared): no escape holds there. */
const RENDERED_TWICE = ['ami_block_device_mappings', 'launch_block_device_mappings'];

/** Refuses `{{` in the extra builder keys packer renders twice, naming the group and key. */
export function checkExtraBuilderKeys(group: string, extra: Record<string, unknown>): void {
  for (const key of RENDERED_TWICE) {
    if (key in extra && JSON.stringify(extra[key]).includes(OPEN)) {
      throw usageError('packer.template-syntax', `group "${group}": packer.${key} contains "{{": packer renders ${key} twice, so it cannot be written literally`, {
        hint: 'remove "{{" from that value',
      });
    }
  }
}
