// Parse nodes.json as JSON5 and remember the line:column of every value.
import { parse as parseJson5 } from '@humanwhocodes/momoa';
import { usageError } from '../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type KeyPath = readonly (string | number)[];
export interface Position {
  line: number;
  column: number;
}

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
  members?: { name: MomoaNode; value: MomoaNode }[];
  elements?: { value: MomoaNode }[];
}

const pathKey = (path: KeyPath): string => JSON.stringify(path);

/**
 * Parses JSON5 text; a syntax error is a usage error naming file:line:col.
 * Plain JSON takes the fast path (JSON.parse) and its positions are computed
 * only when a diagnostic first asks for one.
 */
export function parseDocument(file: string, text: string): ParsedDocument {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return parseWithPositions(file, text);
  }
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
  const value = toValue(root, [], positions);
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

function toValue(node: MomoaNode, path: (string | number)[], positions: Map<string, Position>): JsonValue {
  positions.set(pathKey(path), { line: node.loc.start.line, column: node.loc.start.column });
  switch (node.type) {
    case 'Object': {
      const out: { [key: string]: JsonValue } = {};
      for (const member of node.members ?? []) {
        const key = String(member.name.type === 'Identifier' ? member.name.name : member.name.value);
        // Position of a key path points at the key itself, which reads better in errors.
        out[key] = toValue(member.value, [...path, key], positions);
        positions.set(pathKey([...path, key]), { line: member.name.loc.start.line, column: member.name.loc.start.column });
      }
      return out;
    }
    case 'Array':
      return (node.elements ?? []).map((element, index) => toValue(element.value, [...path, index], positions));
    case 'String':
    case 'Number':
    case 'Boolean':
      return node.value as string | number | boolean;
    case 'Null':
      return null;
    case 'Infinity':
    case 'NaN':
      throw usageError('config.parse', `line ${node.loc.start.line}: ${node.type} is not allowed in nodes.json`);
    default:
      throw usageError('config.parse', `line ${node.loc.start.line}: unexpected ${node.type}`);
  }
}
