// Turn zod issues and missing keys into `file:line:col: group: key: expected ...` lines.
import type { z } from 'zod';
import type { KeyPath, ParsedDocument } from './parse.js';

export interface Diagnostic {
  severity: 'error' | 'warning';
  /** `file:line:col` */
  where: string;
  group?: string;
  path: KeyPath;
  message: string;
}

/** What a key expects when zod's own words ("Invalid input") say too little. */
const EXPECTED: Record<string, string> = {
  autoscale:
    'expected false or an object {node_min, node_max, desired, timeout, health_check_grace, drain_timeout, target_group_arns, canary, target_cpu, target_requests_per_target}',
  packer: 'expected false or an object of extra amazon-ebs builder keys',
};

export function formatDiagnostic(d: Diagnostic): string {
  const subject = [d.group ? `group "${d.group}"` : undefined, d.path.length ? d.path.join('.') : undefined].filter(Boolean).join(': ');
  return `${d.where}: ${d.severity === 'warning' ? 'warning: ' : ''}${subject ? `${subject}: ` : ''}${d.message}`;
}

export function locate(doc: ParsedDocument, path: KeyPath): string {
  const { line, column } = doc.positionOf(path);
  return `${doc.file}:${line}:${column}`;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const top = issue.path[0];
  if (issue.code === 'invalid_union' && typeof top === 'string' && issue.path.length === 1 && EXPECTED[top]) {
    return `${EXPECTED[top]}, got ${describeValue(value)}`;
  }
  if (issue.code === 'invalid_type' && value === undefined) return `missing: expected ${issue.expected}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, got ${describeValue(value)}`;
  return issue.message.replace(/^Invalid input: /, '');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/**
 * A union issue whose value fits one branch's shape (e.g. an `autoscale` object with a
 * wrong field) is reported as that branch's own issues, which name the exact key.
 */
function flattenUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const branch = issue.errors.find((errors) => errors.length > 0 && errors.every((e) => e.path.length > 0));
    if (!branch) return [issue];
    return flattenUnions(branch.map((e) => ({ ...e, path: [...issue.path, ...e.path] })));
  });
}

/** One error diagnostic per zod issue, positioned in the document under `prefix`. */
export function issuesToDiagnostics(doc: ParsedDocument, issues: readonly z.core.$ZodIssue[], input: unknown, prefix: KeyPath, group?: string): Diagnostic[] {
  return flattenUnions(issues).map((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    return {
      severity: 'error',
      where: locate(doc, [...prefix, ...path]),
      ...(group === undefined ? {} : { group }),
      path,
      message: describeIssue(issue, valueAt(input, issue.path)),
    };
  });
}
