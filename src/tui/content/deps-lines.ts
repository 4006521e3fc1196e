// The dependency view as a tree (like k9s's xray): service → groups that provide it (up / draining / missing) → groups that depend on it.
import type { Config } from '../../config/index.js';
import type { ServiceEntry } from '../../registry/types.js';
import type { GroupStatus } from '../store/types.js';
import type { Line } from './lines.js';

export interface DepsInput {
  config: Config;
  /** The registry's live entries, or undefined when the registry is not live (counts unknown). */
  registry: Iterable<ServiceEntry> | undefined;
  /** Fleet status per group: the ASGs' desired capacity. */
  status: Readonly<Record<string, GroupStatus>>;
}

export interface ServiceNode {
  service: string;
  providers: { group: string; up: number | undefined; draining: number | undefined; desired: number | undefined }[];
  /** Groups whose depends_on names the service. */
  dependents: string[];
  /** Registered by groups that do not declare it in nodes.json. */
  undeclared: string[];
}

/** One node per service named anywhere: declared (services), depended on (depends_on) or registered. */
export function serviceNodes({ config, registry, status }: DepsInput): ServiceNode[] {
  const nodes = new Map<string, ServiceNode>();
  const node = (service: string) => {
    const found = nodes.get(service) ?? { service, providers: [], dependents: [], undeclared: [] };
    nodes.set(service, found);
    return found;
  };
  const entries = registry ? [...registry] : undefined;
  for (const [group, g] of config.groups) {
    for (const service of Object.keys(g.merged.services ?? {})) {
      const mine = entries?.filter((e) => e.service === service && e.group === group);
      node(service).providers.push({
        group,
        up: mine?.filter((e) => e.status === 'up').length,
        draining: mine?.filter((e) => e.status === 'draining').length,
        desired: status[group]?.desired,
      });
    }
    for (const service of g.merged.depends_on ?? []) if (!node(service).dependents.includes(group)) node(service).dependents.push(group);
  }
  for (const e of entries ?? []) {
    const n = node(e.service);
    if (!n.providers.some((p) => p.group === e.group) && !n.undeclared.includes(e.group)) n.undeclared.push(e.group);
  }
  return [...nodes.values()].sort((a, b) => a.service.localeCompare(b.service));
}

/** `up 2 · draining 1 · missing 1 of 4`: against the ASGs' desired capacity when the group has an ASG. */
function counts(p: ServiceNode['providers'][number]): { text: string; short: boolean } {
  if (p.up === undefined || p.draining === undefined) return { text: 'registry not live', short: false };
  const missing = p.desired === undefined ? undefined : Math.max(0, p.desired - p.up - p.draining);
  const of = p.desired === undefined ? ' (no ASG)' : ` · missing ${missing} of ${p.desired}`;
  return { text: `up ${p.up} · draining ${p.draining}${of}`, short: (missing ?? 0) > 0 || p.draining > 0 };
}

export function depsLines(input: DepsInput): Line[] {
  const lines: Line[] = [];
  for (const n of serviceNodes(input)) {
    const orphan = n.providers.length === 0;
    const unused = !orphan && n.dependents.length === 0;
    const mark = orphan ? '  ✗ nothing provides it' : unused ? '  · nothing depends on it' : '';
    lines.push({ text: `${n.service}${mark}`, tone: orphan ? 'error' : unused ? 'warn' : 'accent', bold: true });
    const children: Line[] = [];
    for (const p of n.providers) {
      const c = counts(p);
      children.push({ text: `provided by ${p.group.padEnd(16)} ${c.text}`, tone: c.short ? 'warn' : 'plain' });
    }
    for (const group of n.undeclared) children.push({ text: `registered by ${group} (not declared in its services)`, tone: 'warn' });
    for (const group of n.dependents) children.push({ text: `needed by   ${group}`, tone: orphan ? 'error' : 'plain' });
    for (const [i, child] of children.entries()) lines.push({ ...child, text: `${i === children.length - 1 ? '└─' : '├─'} ${child.text}` });
  }
  if (lines.length === 0) lines.push({ text: 'no group declares services or depends_on', tone: 'muted' });
  return lines;
}
