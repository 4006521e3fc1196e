// The group view's lines: the group's ASGs (with their scaling policies), instances (with their registered services), AMIs (config current? used by?) and drift.
import type { DriftItem } from '../../drift/types.js';
import { formatAgeOf } from '../../format/time.js';
import type { ServiceEntry } from '../../registry/types.js';
import type { GroupDetailData } from '../services/group-detail-schema.js';
import type { GroupView } from '../store/views-slice.js';
import { fixText } from './drift-lines.js';
import { DRIFT_MARKERS } from '../../drift/marker.js';
import type { Line } from './lines.js';
import { wrapLine } from './wrap.js';

/** A cell of `width` characters: cut with `…` when longer. */
const cell = (text: string, width: number) => (text.length > width - 1 ? `${text.slice(0, width - 2)}… ` : text.padEnd(width));

const section = (title: string, count?: number): Line => ({ text: count === undefined ? title : `${title} (${count})`, tone: 'accent', bold: true });

/** `v7` for hangar's own launch template (`hangar-G`), else `name:version`. */
const templateOf = (detail: GroupDetailData, template: string | null) =>
  template?.startsWith(`hangar-${detail.group}:`) ? `v${template.slice(`hangar-${detail.group}:`.length)}` : (template ?? '-');

function asgLines(detail: GroupDetailData, images: Map<string, string>, now: number, width: number): Line[] {
  const lines: Line[] = [section('ASGS', detail.asgs.length)];
  if (detail.asgs.length === 0) return [...lines, { text: '  no ASG', tone: 'muted' }];
  lines.push({ text: `  ${cell('NAME', 22)}${cell('D/MIN/MAX', 10)}${cell('TEMPLATE', 11)}${cell('AMI', 22)}${cell('AGE', 5)}OK/ALL`, tone: 'muted' });
  for (const a of detail.asgs) {
    const age = a.imageId ? formatAgeOf(images.get(a.imageId), now) : '-';
    const tone = a.healthy < a.desired ? 'warn' : 'plain';
    lines.push({
      text: `  ${cell(a.name, 22)}${cell(`${a.desired}/${a.min}/${a.max}`, 10)}${cell(templateOf(detail, a.template), 11)}${cell(a.imageId ?? '?', 22)}${cell(age, 5)}${a.healthy}/${a.instances}`,
      tone,
    });
    for (const policy of a.policies) lines.push(...wrapLine({ text: `    policy ${policy}`, tone: 'muted' }, width, 11));
  }
  return lines;
}

function instanceLines(detail: GroupDetailData, services: Map<string, ServiceEntry[]>, newest: string | undefined): Line[] {
  const lines: Line[] = [section('INSTANCES', detail.instances.length)];
  if (detail.instances.length === 0) return [...lines, { text: '  no live instance', tone: 'muted' }];
  lines.push({ text: `  ${cell('ID', 21)}${cell('NAME', 13)}${cell('STATE', 9)}${cell('HEALTH', 23)}ZONE`, tone: 'muted' });
  for (const i of detail.instances) {
    const tone = i.state !== 'running' || (i.health && !i.health.startsWith('Healthy')) ? 'warn' : 'plain';
    lines.push({ text: `  ${cell(i.id, 21)}${cell(i.name || '-', 13)}${cell(i.state, 9)}${cell(i.health ?? 'no ASG', 23)}${i.zone ?? '-'}`, tone });
    const registered = (services.get(i.id) ?? []).map((e) => (e.status === 'up' ? e.service : `${e.service} (draining)`));
    const ami = i.imageId ? `${i.imageId}${i.imageId === newest ? ' (newest)' : ''}` : '?';
    lines.push({ text: `    ami ${ami} · services: ${registered.length ? registered.join(', ') : 'none registered'}`, tone: 'muted' });
  }
  return lines;
}

/** Where the USED BY column starts. */
const USES_COLUMN = 38;

function imageLines(detail: GroupDetailData, now: number, width: number): Line[] {
  const lines: Line[] = [section('AMIS', detail.images.length)];
  if (detail.images.length === 0) return [...lines, { text: '  no AMI', tone: 'muted' }];
  lines.push({ text: `  ${cell('ID', 22)}${cell('AGE', 5)}${cell('CONFIG', 9)}USED BY`, tone: 'muted' });
  for (const m of detail.images) {
    const config = m.matches ? 'current' : m.configHash ? 'older' : 'untagged';
    const state = m.state === 'available' ? '' : ` [${m.state}]`;
    const [first, ...rest] = m.uses;
    const row: Line = {
      text: `  ${cell(m.id, 22)}${cell(formatAgeOf(m.created, now), 5)}${cell(config, 9)}${first ?? 'unused'}${state}`,
      tone: m.matches ? 'ok' : 'plain',
    };
    lines.push(...wrapLine(row, width, USES_COLUMN + 2));
    for (const use of rest) lines.push(...wrapLine({ text: `${' '.repeat(USES_COLUMN)}${use}`, tone: 'muted' }, width, USES_COLUMN + 2));
  }
  return lines;
}

function driftSection(items: readonly DriftItem[] | undefined): Line[] {
  const lines: Line[] = [section('DRIFT', items?.length)];
  if (!items) return [...lines, { text: '  not known yet (d on the groups pane shows the drift view)', tone: 'muted' }];
  if (items.length === 0) return [...lines, { text: '  nothing drifts', tone: 'ok' }];
  for (const item of items) {
    lines.push({ text: `  ${DRIFT_MARKERS[item.kind].padEnd(5)} ${item.summary}`, tone: 'warn' });
    lines.push({ text: `        ${fixText(item.fix)}`, tone: 'accent' });
  }
  return lines;
}

export interface GroupLinesInput {
  view: GroupView;
  registry: Iterable<ServiceEntry>;
  drift: readonly DriftItem[] | undefined;
  now: number;
  /** Columns of the view: long AMI uses wrap to it. */
  width?: number;
}

/** Every line of the group view, top to bottom (the view scrolls them). */
export function groupLines({ view, registry, drift, now, width = Number.POSITIVE_INFINITY }: GroupLinesInput): Line[] {
  const { detail } = view;
  if (!detail) {
    const text = view.state === 'error' ? `cannot read ${view.name}: ${view.error ?? 'unknown error'}` : `reading ${view.name}…`;
    return [{ text, tone: view.state === 'error' ? 'error' : 'muted' }, { text: '' }, ...driftSection(drift)];
  }
  const services = new Map<string, ServiceEntry[]>();
  for (const entry of registry) if (entry.group === view.name) services.set(entry.instance, [...(services.get(entry.instance) ?? []), entry]);
  const images = new Map(detail.images.map((m) => [m.id, m.created]));
  const newest = detail.images.find((m) => m.state === 'available')?.id;
  const lines = [
    ...asgLines(detail, images, now, width),
    { text: '' },
    ...instanceLines(detail, services, newest),
    { text: '' },
    ...imageLines(detail, now, width),
  ];
  lines.push({ text: '' }, ...driftSection(drift));
  for (const problem of detail.problems) lines.push({ text: `warning: ${problem}`, tone: 'warn' });
  if (view.state === 'error') lines.unshift({ text: `refresh failed: ${view.error ?? 'unknown error'} (showing the last read)`, tone: 'warn' });
  return lines;
}
