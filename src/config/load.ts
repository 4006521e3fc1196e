// Load nodes.json: read safely, parse, validate every group and __settings__, merge onto __base__.
import { dirname, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { type Diagnostic, formatDiagnostic, issuesToDiagnostics, locate } from './diagnostics.js';
import { configHash } from './hash.js';
import { MAX_GROUP_NAME } from './limits.js';
import { type JsonObject, type Origin, applyDefaults, isPlainObject, mergeGroup } from './merge.js';
import { checkNestedKeys } from './nested-keys.js';
import { type ParsedDocument, parseDocument } from './parse.js';
import { checkPaths } from './paths.js';
import { decodeUtf8, readConfigBytes } from './read.js';
import { GROUP_DEFAULTS, GROUP_NAME, type GroupConfig, type Settings, groupSchema, groupShape, settingsSchema } from './schema.js';

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

/**
 * Loads and validates nodes.json; any error throws one usage error listing them all.
 * Keys an action needs (region, source_ami, ...) are checked per action (requirements.ts), not here.
 */
export function loadConfig(file: string): Config {
  const path = resolve(file);
  return loadConfigText(path, decodeUtf8(path, readConfigBytes(path)));
}

export function loadConfigText(path: string, text: string): Config {
  const document = parseDocument(path, text);
  const diagnostics: Diagnostic[] = [];
  const root = document.value;
  if (!isPlainObject(root)) {
    throw usageError('config.invalid', `${locate(document, [])}: nodes.json must be an object of node groups`);
  }

  const base = BASE in root ? checkGroup(document, BASE, root[BASE], diagnostics) : {};
  const settings = checkSettings(document, root[SETTINGS], diagnostics);

  const groups = new Map<string, NodeGroup>();
  for (const [name, value] of Object.entries(root)) {
    if (name === BASE || name === SETTINGS) continue;
    if (name.startsWith('__')) {
      diagnostics.push(warning(document, [name], undefined, `unknown reserved key "${name}" is ignored`));
      continue;
    }
    if (!GROUP_NAME.test(name) || name.length > MAX_GROUP_NAME) {
      const why = GROUP_NAME.test(name) ? `it is ${name.length} characters; at most ${MAX_GROUP_NAME}` : `it must match ${GROUP_NAME.source}`;
      diagnostics.push(error(document, [name], shorten(name), `invalid group name: ${why} (it becomes file, AMI and ASG names)`));
      continue;
    }
    const raw = checkGroup(document, name, value, diagnostics);
    if (!raw || !base) continue;
    const { merged: mergedJson, origins } = applyDefaults(mergeGroup(base, raw), GROUP_DEFAULTS);
    const merged = groupSchema.parse(mergedJson);
    checkRanges(document, name, merged, diagnostics);
    groups.set(name, { name, raw, mergedJson, merged, origins, hash: configHash(mergedJson) });
  }
  if (groups.size === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    diagnostics.push(warning(document, [], undefined, 'nodes.json defines no node groups: every action that takes groups has nothing to do'));
  }

  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0]!;
    throw usageError('config.invalid', errors.length === 1 ? formatDiagnostic(first) : `${path}: ${errors.length} errors in nodes.json`, {
      details: errors.length === 1 ? [] : errors.map(formatDiagnostic),
      hint: 'fix nodes.json; nothing was written',
    });
  }
  return {
    file: path,
    dir: dirname(path),
    document,
    settings: settings!,
    base: base ?? {},
    groups,
    warnings: diagnostics.map(formatDiagnostic),
  };
}

/** __settings__ typed, its paths confined (paths.ts); undefined when invalid. */
function checkSettings(doc: ParsedDocument, value: unknown, out: Diagnostic[]): Settings | undefined {
  if (value !== undefined && !isPlainObject(value)) {
    out.push(error(doc, [SETTINGS], SETTINGS, `__settings__ must be an object, got ${describe(value)}`));
    return undefined;
  }
  const result = settingsSchema.safeParse(value ?? {});
  if (!result.success) {
    out.push(...issuesToDiagnostics(doc, result.error.issues, value, [SETTINGS], SETTINGS));
    return undefined;
  }
  for (const problem of checkPaths(result.data.paths)) out.push(error(doc, [SETTINGS, ...problem.path], SETTINGS, problem.message));
  return result.data;
}

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
const shorten = (name: string) => (name.length > 60 ? `${name.slice(0, 40)}…(${name.length} characters)` : name);

/** Type-checks one group's own keys; unknown keys are warnings. Returns it when valid. */
function checkGroup(doc: ParsedDocument, name: string, value: unknown, out: Diagnostic[]): JsonObject | undefined {
  if (!isPlainObject(value)) {
    const what = name === BASE ? '__base__ (inherited by every group) must be an object' : 'a node group must be an object';
    out.push(error(doc, [name], name, `${what}, got ${describe(value)}`));
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_KEYS.has(key)) out.push(warning(doc, [name, key], name, `unknown key "${key}" (ignored)`));
  }
  for (const { path, message } of checkNestedKeys(value)) out.push(warning(doc, [name, ...path], name, message));
  const result = groupSchema.safeParse(value);
  if (!result.success) {
    out.push(...issuesToDiagnostics(doc, result.error.issues, value, [name], name));
    return undefined;
  }
  return value;
}

/** Checks across keys of the merged group (required keys are per action: requirements.ts). */
function checkRanges(doc: ParsedDocument, name: string, merged: GroupConfig, out: Diagnostic[]): void {
  const scale = merged.autoscale;
  if (scale && scale.node_min !== undefined && scale.node_max !== undefined && scale.node_min > scale.node_max) {
    out.push(error(doc, [name, 'autoscale'], name, `autoscale.node_min (${scale.node_min}) is greater than node_max (${scale.node_max})`));
  }
  // ALBRequestCountPerTarget is measured on a target group: without one there is nothing to track.
  if (scale && scale.target_requests_per_target !== undefined && !scale.target_group_arns?.length) {
    out.push(
      error(
        doc,
        [name, 'autoscale'],
        name,
        'autoscale.target_requests_per_target needs autoscale.target_group_arns (requests are counted per target of a target group)',
      ),
    );
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
