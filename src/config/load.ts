// Load nodes.json: parse, validate every group, merge onto __base__, check required keys.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { type Diagnostic, formatDiagnostic, issuesToDiagnostics, locate } from './diagnostics.js';
import { configHash } from './hash.js';
import { type JsonObject, type Origin, isPlainObject, mergeGroup } from './merge.js';
import { type ParsedDocument, parseDocument } from './parse.js';
import {
  GROUP_NAME,
  type GroupConfig,
  REQUIRED_ALWAYS,
  REQUIRED_FOR_PACKER,
  type Settings,
  groupSchema,
  groupShape,
  settingsSchema,
} from './schema.js';

export const BASE = '__base__';
export const SETTINGS = '__settings__';

export interface NodeGroup {
  name: string;
  /** The group's own keys, as written. */
  raw: JsonObject;
  /** The group merged onto __base__, every key (unknown ones too). */
  mergedJson: JsonObject;
  /** The merged config, typed (known keys only). */
  merged: GroupConfig;
  origins: Record<string, Origin>;
  /** Hash of the merged config, tagged on AMIs as `hangar:config`. */
  hash: string;
}

export interface Config {
  /** Absolute path of nodes.json. */
  file: string;
  /** The folder of nodes.json: every artifact path is relative to it. */
  dir: string;
  document: ParsedDocument;
  settings: Settings;
  base: JsonObject;
  /** Groups in file order. */
  groups: Map<string, NodeGroup>;
  warnings: string[];
}

const KNOWN_KEYS = new Set(Object.keys(groupShape));

/** Loads and validates nodes.json; any error throws one usage error listing them all. */
export function loadConfig(file: string): Config {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError('config.read', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
  return loadConfigText(path, text);
}

export function loadConfigText(path: string, text: string): Config {
  const document = parseDocument(path, text);
  const diagnostics: Diagnostic[] = [];
  const root = document.value;
  if (!isPlainObject(root)) {
    throw usageError('config.invalid', `${locate(document, [])}: nodes.json must be an object of node groups`);
  }

  const base = checkGroup(document, BASE, root[BASE] ?? {}, diagnostics);
  const settingsResult = settingsSchema.safeParse(root[SETTINGS] ?? {});
  if (!settingsResult.success) {
    diagnostics.push(...issuesToDiagnostics(document, settingsResult.error.issues, root[SETTINGS], [SETTINGS], SETTINGS));
  }

  const groups = new Map<string, NodeGroup>();
  for (const [name, value] of Object.entries(root)) {
    if (name === BASE || name === SETTINGS) continue;
    if (name.startsWith('__')) {
      diagnostics.push(warning(document, [name], undefined, `unknown reserved key "${name}" is ignored`));
      continue;
    }
    if (!GROUP_NAME.test(name)) {
      diagnostics.push(error(document, [name], name, `invalid group name: it must match ${GROUP_NAME.source}`));
      continue;
    }
    const raw = checkGroup(document, name, value, diagnostics);
    if (!raw || !base) continue;
    const { merged: mergedJson, origins } = mergeGroup(base, raw);
    const merged = groupSchema.parse(mergedJson);
    checkRequired(document, name, merged, diagnostics);
    groups.set(name, { name, raw, mergedJson, merged, origins, hash: configHash(mergedJson) });
  }

  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    throw usageError(
      'config.invalid',
      errors.length === 1 ? formatDiagnostic(first) : `${path}: ${errors.length} errors in nodes.json`,
      { details: errors.length === 1 ? [] : errors.map(formatDiagnostic), hint: 'fix nodes.json; nothing was written' },
    );
  }
  return {
    file: path,
    dir: dirname(path),
    document,
    settings: settingsResult.data!,
    base: base ?? {},
    groups,
    warnings: diagnostics.map(formatDiagnostic),
  };
}

/** Type-checks one group's own keys; unknown keys are warnings. Returns it when valid. */
function checkGroup(doc: ParsedDocument, name: string, value: unknown, out: Diagnostic[]): JsonObject | undefined {
  if (!isPlainObject(value)) {
    out.push(error(doc, [name], name, `a node group must be an object, got ${Array.isArray(value) ? 'an array' : typeof value}`));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key)) out.push(warning(doc, [name, key], name, `unknown key "${key}" (ignored)`));
  }
  const result = groupSchema.safeParse(value);
  if (!result.success) {
    out.push(...issuesToDiagnostics(doc, result.error.issues, value, [name], name));
    return undefined;
  }
  return value;
}

function checkRequired(doc: ParsedDocument, name: string, merged: GroupConfig, out: Diagnostic[]): void {
  const required: readonly (keyof GroupConfig)[] = merged.packer === false ? REQUIRED_ALWAYS : REQUIRED_FOR_PACKER;
  for (const key of required) {
    if (merged[key] === undefined) {
      const why = merged.packer === false ? '' : ' (needed to build its image; set `"packer": false` if it is never built)';
      out.push(error(doc, [name], name, `missing required key "${key}" after merging with __base__${why}`));
    }
  }
  const scale = merged.autoscale;
  if (scale && scale.node_min !== undefined && scale.node_max !== undefined && scale.node_min > scale.node_max) {
    out.push(error(doc, [name, 'autoscale'], name, `autoscale.node_min (${scale.node_min}) is greater than node_max (${scale.node_max})`));
  }
}

const error = (doc: ParsedDocument, path: (string | number)[], group: string | undefined, message: string): Diagnostic => ({
  severity: 'error',
  where: locate(doc, path),
  ...(group === undefined ? {} : { group }),
  path: [],
  message,
});

const warning = (doc: ParsedDocument, path: (string | number)[], group: string | undefined, message: string): Diagnostic => ({
  ...error(doc, path, group, message),
  severity: 'warning',
});
