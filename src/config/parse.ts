// Parse nodes.json as JSON5, remember the line:column of every value, and refuse what JSON would silently lose.
import { parse as parseJson5 } from '@humanwhocodes/momoa';
import { usageError } from '../errors.js';
import { FORBIDDEN_KEYS, MAX_DEPTH } from './limits.js';
import { type Position, findTooDeep, isCleanParse } from './scan.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type KeyPath = readonly (string | number)[];
export type { Position } from './scan.js';

export interface ParsedDocument {
  file: string;
  value: JsonValue;
  /** The position of the value at `path`, or of its nearest ancestor that exists. */
  positionOf(path: KeyPath): Position;
}

interface MomoaNode {
  type: string;
  loc: { start: Position };
  value?: unknown;
  name?: string | number;
  sign?: string;
  members?: { name: MomoaNode; value: MomoaNode }[];
  elements?: { value: MomoaNode }[];
}

const pathKey = (path: KeyPath): string => JSON.stringify(path);
const pathLabel = (path: KeyPath): string => (path.length === 0 ? 'the top level' : path.join('.'));

/** Problems found while building the value, reported together. */
type Issues = string[];
const MAX_REPORTED = 20;

/**
 * Parses JSON5 text; any syntax error, duplicate key, forbidden key (`__proto__`, `constructor`,
 * `prototype`), NaN/Infinity or nesting beyond MAX_DEPTH is a usage error naming file:line:col.
 * Plain clean JSON takes the fast path (JSON.parse plus a cheap scan); positions are then
 * computed only when a diagnostic first asks for one. Anything else takes the positioned parser,
 * so every such error reads the same in JSON and JSON5.
 */
export function parseDocument(file: string, text: string): ParsedDocument {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return parseWithPositions(file, text);
  }
  if (!isCleanParse(value, text)) return parseWithPositions(file, text);
  let positioned: ParsedDocument | undefined;
  return {
    file,
    value,
    positionOf(path) {
      positioned ??= parseWithPositions(file, text);
      return positioned.positionOf(path);
    },
  };
}

function parseWithPositions(file: string, text: string): ParsedDocument {
  const deep = findTooDeep(text);
  if (deep) {
    throw usageError('config.depth', `${file}:${deep.line}:${deep.column}: nested deeper than ${MAX_DEPTH} levels; nodes.json allows at most ${MAX_DEPTH}`);
  }
  let root: MomoaNode;
  try {
    root = (parseJson5(text, { mode: 'json5' }) as unknown as { body: MomoaNode }).body;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
    const reason = (error as Error).message.replace(/\s*\(\d+:\d+\)\s*$/, '');
    throw usageError('config.parse', `${where}: invalid JSON5: ${reason}`, { cause: error });
  }
  const positions = new Map<string, Position>();
  const issues: Issues = [];
  const at = (node: MomoaNode) => `${file}:${node.loc.start.line}:${node.loc.start.column}`;
  const value = toValue(root, [], { positions, issues, at });
  if (issues.length > 0) {
    const shown = issues.slice(0, MAX_REPORTED);
    if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
    throw usageError('config.parse', issues.length === 1 ? issues[0]! : `${file}: ${issues.length} errors in nodes.json`, {
      details: issues.length === 1 ? [] : shown,
      hint: 'fix nodes.json; nothing was written',
    });
  }
  return {
    file,
    value,
    positionOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const found = positions.get(pathKey(path.slice(0, depth)));
        if (found) return found;
      }
      return { line: 1, column: 1 };
    },
  };
}

interface Walk {
  positions: Map<string, Position>;
  issues: Issues;
  at(node: MomoaNode): string;
}

function toValue(node: MomoaNode, path: (string | number)[], walk: Walk): JsonValue {
  walk.positions.set(pathKey(path), { line: node.loc.start.line, column: node.loc.start.column });
  switch (node.type) {
    case 'Object': {
      const out: { [key: string]: JsonValue } = {};
      const seen = new Map<string, MomoaNode>();
      for (const member of node.members ?? []) {
        const key = String(member.name.type === 'Identifier' ? member.name.name : member.name.value);
        const first = seen.get(key);
        if (first) {
          walk.issues.push(`${walk.at(member.name)}: duplicate key "${key}" in ${pathLabel(path)}: it is first at ${walk.at(first)}; keep one of them`);
          continue;
        }
        seen.set(key, member.name);
        if (FORBIDDEN_KEYS.has(key)) {
          walk.issues.push(
            `${walk.at(member.name)}: key "${key}" in ${pathLabel(path)} is not allowed: __proto__, constructor and prototype are reserved names`,
          );
          continue;
        }
        out[key] = toValue(member.value, [...path, key], walk);
        // Position of a key path points at the key itself, which reads better in errors.
        walk.positions.set(pathKey([...path, key]), { line: member.name.loc.start.line, column: member.name.loc.start.column });
      }
      return out;
    }
    case 'Array':
      return (node.elements ?? []).map((element, index) => toValue(element.value, [...path, index], walk));
    case 'Number': {
      const number = node.value as number;
      if (!Number.isFinite(number)) walk.issues.push(`${walk.at(node)}: number out of range at ${pathLabel(path)}: it is too large for a double`);
      return number;
    }
    case 'String':
    case 'Boolean':
      return node.value as string | boolean;
    case 'Null':
      return null;
    case 'Infinity':
    case 'NaN':
      walk.issues.push(`${walk.at(node)}: ${node.sign ?? ''}${node.type} at ${pathLabel(path)} is not allowed: nodes.json takes finite numbers only`);
      return null;
    default:
      walk.issues.push(`${walk.at(node)}: unexpected ${node.type} at ${pathLabel(path)}`);
      return null;
  }
}
