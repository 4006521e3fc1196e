// Decodes an AWS query request (form params) into the SDK's input shape by walking the SDK's own schema.
import { NormalizedSchema } from '@smithy/core/schema';
import { badValue, checkListLength } from '../limits.js';
import type { Protocol } from './protocol.js';

export type { Protocol } from './protocol.js';

/** A tree of dotted params: `Filter.1.Name=x` becomes {Filter: {1: {Name: 'x'}}}. */
type ParamTree = { [key: string]: ParamTree | string };

/** A node without a prototype: a param named `__proto__.x` or `constructor.y` is just a key. */
const newNode = (): ParamTree => Object.create(null) as ParamTree;

function buildTree(params: URLSearchParams): ParamTree {
  const root = newNode();
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created = newNode();
        if (next !== undefined) created[''] = next;
        node[part] = created;
        node = created;
      }
    }
    const last = parts[parts.length - 1]!;
    const existing = node[last];
    if (typeof existing === 'object') existing[''] = value;
    else node[last] = value;
  }
  return root;
}

const capitalize = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

function keyOf(protocol: Protocol, memberName: string, traits: Record<string, unknown>): string {
  const xmlName = traits.xmlName as string | undefined;
  if (protocol === 'ec2') return (traits.ec2QueryName as string | undefined) ?? capitalize(xmlName ?? memberName);
  return xmlName ?? memberName;
}

/** The numbered children of a node, in numeric order. */
function numbered(node: ParamTree): Array<ParamTree | string> {
  return Object.keys(node)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => node[k]!);
}

/** Reads one value of `ns` from the tree; `name` (the member's name) is what errors call it. Too long a list, a number or time that is not one: the AWS error. */
function readValue(ns: NormalizedSchema, node: ParamTree | string | undefined, protocol: Protocol, name: string): unknown {
  if (node === undefined) return undefined;
  if (ns.isListSchema()) {
    if (typeof node === 'string') return node === '' ? [] : [readValue(ns.getValueSchema(), node, protocol, name)];
    const member = ns.getValueSchema();
    const flat = protocol === 'ec2' || Boolean(ns.getMergedTraits().xmlFlattened);
    const itemKey = (member.getMergedTraits().xmlName as string | undefined) ?? 'member';
    const holder = flat ? node : node[itemKey];
    if (holder === undefined || typeof holder === 'string') return [];
    const items = numbered(holder);
    checkListLength(protocol, name, items.length);
    return items.map((item) => readValue(member, item, protocol, name));
  }
  if (ns.isMapSchema()) {
    if (typeof node === 'string') return {};
    const flat = Boolean(ns.getMergedTraits().xmlFlattened);
    const holder = flat ? node : node.entry;
    if (holder === undefined || typeof holder === 'string') return {};
    const out: Record<string, unknown> = {};
    const entries = numbered(holder);
    checkListLength(protocol, name, entries.length);
    for (const entry of entries) {
      if (typeof entry === 'string') continue;
      const key = entry.key;
      if (typeof key === 'string' && key !== '__proto__') out[key] = readValue(ns.getValueSchema(), entry.value, protocol, name);
    }
    return out;
  }
  if (ns.isStructSchema()) {
    if (typeof node === 'string') return {};
    const out: Record<string, unknown> = {};
    for (const [memberName, member] of ns.structIterator()) {
      const value = readValue(member, node[keyOf(protocol, memberName, member.getMergedTraits())], protocol, memberName);
      if (value !== undefined) out[memberName] = value;
    }
    return out;
  }
  const text = typeof node === 'string' ? node : typeof node[''] === 'string' ? (node[''] as string) : undefined;
  if (text === undefined) return undefined;
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) {
    const number = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(number)) throw badValue(protocol, name, text, 'Member must be a number');
    return number;
  }
  if (ns.isTimestampSchema()) {
    const date = new Date(/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : text);
    if (Number.isNaN(date.getTime())) throw badValue(protocol, name, text, 'Member must be a timestamp');
    return date;
  }
  // Blobs stay base64 text (UserData is sent base64 already): the sandbox stores and returns it as given.
  return text;
}

/** The request params as the SDK-shaped input object of `schema` (e.g. {Filters: [{Name, Values}]}). */
export function decodeQuery(schema: unknown, params: URLSearchParams, protocol: Protocol): Record<string, unknown> {
  const ns = NormalizedSchema.of(schema as never);
  const value = readValue(ns, buildTree(params), protocol, 'request');
  return (value ?? {}) as Record<string, unknown>;
}
