// Encodes an SDK-shaped output object as the XML the SDK expects, by walking the SDK's own schema.
import { NormalizedSchema } from '@smithy/core/schema';
import { XMLBuilder } from 'fast-xml-parser';
import type { Protocol } from './query-decode.js';

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const ASG_NS = 'http://autoscaling.amazonaws.com/doc/2011-01-01/';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

function writeValue(ns: NormalizedSchema, value: unknown): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  if (ns.isListSchema()) {
    if (!Array.isArray(value)) return undefined;
    const member = ns.getValueSchema();
    const itemKey = (member.getMergedTraits().xmlName as string | undefined) ?? 'member';
    const items = value.map((item) => writeValue(member, item)).filter((item): item is XmlNode => item !== undefined);
    return items.length === 0 ? '' : { [itemKey]: items };
  }
  if (ns.isMapSchema()) {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, v]) => ({
      key,
      value: writeValue(ns.getValueSchema(), v) ?? '',
    }));
    return entries.length === 0 ? '' : { entry: entries };
  }
  if (ns.isStructSchema()) {
    const out: Record<string, XmlNode> = {};
    const record = value as Record<string, unknown>;
    for (const [memberName, member] of ns.structIterator()) {
      const encoded = writeValue(member, record[memberName]);
      if (encoded === undefined) continue;
      out[(member.getMemberTraits().xmlName as string | undefined) ?? memberName] = encoded;
    }
    return out;
  }
  if (ns.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    return date.toISOString();
  }
  if (ns.isBooleanSchema()) return value ? 'true' : 'false';
  return String(value);
}

function toXml(root: Record<string, XmlNode>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root) as string}`;
}

/** The success response of `action`: EC2 puts the output under the root, Auto Scaling under `{Action}Result`. */
export function encodeResponse(protocol: Protocol, action: string, outputSchema: unknown, output: unknown, requestId: string): string {
  const ns = NormalizedSchema.of(outputSchema as never);
  const body = ns.isUnitSchema() ? {} : ((writeValue(ns, output ?? {}) as Record<string, XmlNode> | undefined) ?? {});
  if (protocol === 'ec2') {
    return toXml({ [`${action}Response`]: { '@_xmlns': EC2_NS, requestId, ...(typeof body === 'object' ? body : {}) } });
  }
  return toXml({
    [`${action}Response`]: {
      '@_xmlns': ASG_NS,
      [`${action}Result`]: typeof body === 'object' ? body : '',
      ResponseMetadata: { RequestId: requestId },
    },
  });
}

/** An AWS-shaped error body: EC2's `<Response><Errors>` or the query protocol's `<ErrorResponse>`. */
export function encodeError(protocol: Protocol, code: string, message: string, requestId: string): string {
  if (protocol === 'ec2') {
    return toXml({ Response: { Errors: { Error: { Code: code, Message: message } }, RequestID: requestId } });
  }
  return toXml({ ErrorResponse: { '@_xmlns': ASG_NS, Error: { Type: 'Sender', Code: code, Message: message }, RequestId: requestId } });
}
