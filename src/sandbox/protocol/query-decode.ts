// Decodes an AWS query request (form params) into the SDK's input shape by walking the SDK's own schema.
import { NormalizedSchema } from '@smithy/core/schema';

export type Protocol = 'ec2' | 'query';

/** A tree of dotted params: `Filter.1.Name=x` becomes {Filter: {1: {Name: 'x'}}}. */
type ParamTree = { [key: string]: ParamTree | string };

function buildTree(params: URLSearchParams): ParamTree {
  const root: ParamTree = {};
  for (const [key, value] of params) {
    const parts = key.split('.');
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: ParamTree = next === undefined ? {} : { '': next };
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

function readValue(ns: NormalizedSchema, node: ParamTree | string | undefined, protocol: Protocol): unknown {
  if (node === undefined) return undefined;
  if (ns.isListSchema()) {
    if (typeof node === 'string') return node === '' ? [] : [readValue(ns.getValueSchema(), node, protocol)];
    const member = ns.getValueSchema();
    const flat = protocol === 'ec2' || Boolean(ns.getMergedTraits().xmlFlattened);
    const itemKey = (member.getMergedTraits().xmlName as string | undefined) ?? 'member';
    const holder = flat ? node : node[itemKey];
    if (holder === undefined || typeof holder === 'string') return [];
    return numbered(holder).map((item) => readValue(member, item, protocol));
  }
  if (ns.isMapSchema()) {
    if (typeof node === 'string') return {};
    const flat = Boolean(ns.getMergedTraits().xmlFlattened);
    const holder = flat ? node : node.entry;
    if (holder === undefined || typeof holder === 'string') return {};
    const out: Record<string, unknown> = {};
    for (const entry of numbered(holder)) {
      if (typeof entry === 'string') continue;
      const key = entry.key;
      if (typeof key === 'string') out[key] = readValue(ns.getValueSchema(), entry.value, protocol);
    }
    return out;
  }
  if (ns.isStructSchema()) {
    if (typeof node === 'string') return {};
    const out: Record<string, unknown> = {};
    for (const [memberName, member] of ns.structIterator()) {
      const value = readValue(member, node[keyOf(protocol, memberName, member.getMergedTraits())], protocol);
      if (value !== undefined) out[memberName] = value;
    }
    return out;
  }
  const text = typeof node === 'string' ? node : typeof node[''] === 'string' ? (node[''] as string) : undefined;
  if (text === undefined) return undefined;
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isTimestampSchema()) return new Date(/^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : text);
  // Blobs stay base64 text (UserData is sent base64 already): the sandbox stores and returns it as given.
  return text;
}

/** The request params as the SDK-shaped input object of `schema` (e.g. {Filters: [{Name, Values}]}). */
export function decodeQuery(schema: unknown, params: URLSearchParams, protocol: Protocol): Record<string, unknown> {
  const ns = NormalizedSchema.of(schema as never);
  const value = readValue(ns, buildTree(params), protocol);
  return (value ?? {}) as Record<string, unknown>;
}
