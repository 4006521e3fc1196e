// Warnings for unknown keys inside `autoscale`, `services.*` and `packer`: a typo there is otherwise silently ignored.
import { closest } from 'fastest-levenshtein';
import type { JsonObject } from './merge.js';
import { isPlainObject } from './merge.js';
import { AMAZON_EBS_OPTIONS, PACKER_KEYS_SET_BY_HANGAR } from './packer-options.js';
import { autoscaleSchema, serviceSchema } from './schema.js';

export interface KeyWarning {
  path: (string | number)[];
  message: string;
}

const AUTOSCALE_KEYS = Object.keys(autoscaleSchema.shape);
const SERVICE_KEYS = Object.keys(serviceSchema.shape);

function unknownKey(key: string, known: readonly string[], where: string): string {
  const guess = closest(key, [...known]);
  return `unknown key "${key}" in ${where} (ignored)${guess ? `; did you mean "${guess}"?` : ''}`;
}

/** Warnings for one group's own keys (paths relative to the group). */
export function checkNestedKeys(group: JsonObject): KeyWarning[] {
  const out: KeyWarning[] = [];
  const { autoscale, services, packer } = group;
  if (isPlainObject(autoscale)) {
    for (const key of Object.keys(autoscale)) {
      if (!AUTOSCALE_KEYS.includes(key)) out.push({ path: ['autoscale', key], message: unknownKey(key, AUTOSCALE_KEYS, 'autoscale') });
    }
  }
  if (isPlainObject(services)) {
    for (const [name, service] of Object.entries(services)) {
      if (!isPlainObject(service)) continue;
      for (const key of Object.keys(service)) {
        if (!SERVICE_KEYS.includes(key)) out.push({ path: ['services', name, key], message: unknownKey(key, SERVICE_KEYS, `services.${name}`) });
      }
    }
  }
  if (isPlainObject(packer)) {
    for (const key of Object.keys(packer)) {
      const setByHangar = Object.hasOwn(PACKER_KEYS_SET_BY_HANGAR, key) ? PACKER_KEYS_SET_BY_HANGAR[key] : undefined;
      if (setByHangar) out.push({ path: ['packer', key], message: `packer.${key} is not for nodes.json: ${setByHangar}` });
      else if (!AMAZON_EBS_OPTIONS.has(key)) {
        const guess = closest(key, [...AMAZON_EBS_OPTIONS]);
        out.push({
          path: ['packer', key],
          message: `packer.${key} is not an amazon-ebs builder option; packer validate will reject it${guess ? ` (did you mean "${guess}"?)` : ''}`,
        });
      }
    }
  }
  return out;
}
