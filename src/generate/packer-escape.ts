// Escapes user values for packer's legacy JSON templates so packer reads them as text, never as template code.
import { usageError } from '../errors.js';

/**
 * Packer (1.x, JSON templates) renders string values as Go text/template. Only `{{` opens an action
 * (`}}` outside one is plain text), so each `{{` is written as the action ``{{`{{`}}``, which prints a
 * literal `{{`. A backtick raw string rather than `{{"{{"}}`: it needs no JSON escaping.
 * That holds for fields packer renders once, when the template is prepared (instance type, IAM profile,
 * user data, lists such as security_group_ids, chef-solo's roles_path), checked with packer 1.6.6;
 * for the fields it renders repeatedly see RENDERED_REPEATEDLY below.
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

/**
 * Builder fields packer 1.6.6 renders again and again (seen with a real `packer build` against a fake EC2:
 * a `{{` in a run tag escaped one to five levels deep, or in the AMI description escaped twice, still ends as code
 * and fails the build; block device mappings fail `packer validate` the same way): no escape survives, so
 * a `{{` there is refused instead of being written wrong.
 */
const RENDERED_REPEATEDLY = [
  'ami_description',
  'tags',
  'tag',
  'run_tags',
  'run_tag',
  'run_volume_tags',
  'run_volume_tag',
  'snapshot_tags',
  'snapshot_tag',
  'spot_tags',
  'spot_tag',
  'ami_block_device_mappings',
  'launch_block_device_mappings',
];

/**
 * Refuses (exit 2, every field named) a `{{` where packer cannot read it literally: the group's description
 * (it becomes ami_description), its tags, and the repeatedly rendered keys among its extra `packer` keys.
 */
export function checkPackerLiterals(group: string, merged: { description?: unknown; tags?: unknown; packer?: unknown }): void {
  const extra = merged.packer && typeof merged.packer === 'object' ? (merged.packer as Record<string, unknown>) : {};
  const fields: [string, unknown][] = [
    ['description', merged.description],
    ['tags', merged.tags],
    ...RENDERED_REPEATEDLY.map((key): [string, unknown] => [`packer.${key}`, extra[key]]),
  ];
  const found = fields.filter(([, value]) => value !== undefined && JSON.stringify(value).includes(OPEN));
  if (found.length === 0) return;
  throw usageError(
    'packer.template-syntax',
    `group "${group}": "{{" in ${found.map(([name]) => name).join(', ')}: packer renders these fields of its template repeatedly, so "{{" cannot be written there literally`,
    {
      details: found.map(([name, value]) => `${name}: ${JSON.stringify(value)}`),
      hint: 'remove "{{" from those values',
    },
  );
}
