// What the detail pane shows for the focused group: merged config with origins, the diff vs __base__, the plan.
import { diffGroupFromBase } from '../../actions/config-actions.js';
import { BASE, type Config, annotateMerged } from '../../config/index.js';
import { messageOf } from '../../errors.js';
import type { DetailView } from '../store/types.js';
import { type Line, diffLines } from './lines.js';

export const DETAIL_TITLES: Record<DetailView, string> = { config: 'config', base: `vs ${BASE}`, plan: 'plan', drift: 'drift' };

function configLines(config: Config, name: string): Line[] {
  const group = config.groups.get(name)!;
  return annotateMerged(group.mergedJson, group.origins).map((line): Line => {
    if (!line.origin) return { text: line.text, tag: { text: '      ', tone: 'plain' } };
    const tone = line.origin === 'base' ? 'base' : line.origin === 'group' ? 'group' : 'merged';
    return { text: line.text, tag: { text: line.origin.padEnd(6), tone } };
  });
}

function baseLines(config: Config, name: string): Line[] {
  const diff = diffGroupFromBase(config, name);
  return diff ? diffLines(diff) : [{ text: `${name} adds nothing to ${BASE}`, tone: 'muted' }];
}

type Generator = typeof import('../../generate/index.js');
let generator: Generator | undefined;
let loadingGenerator: Promise<unknown> | undefined;

/**
 * Loads the generator (handlebars, the templates, diff) that the plan view renders with, once. It is not part of
 * the workbench's first frame: the detail pane asks for it once drawn, and the plan view says so until it is there.
 */
export function loadGenerator(): Promise<unknown> {
  loadingGenerator ??= import('../../generate/index.js').then((loaded) => {
    generator = loaded;
  });
  return loadingGenerator;
}

export const generatorLoaded = (): boolean => generator !== undefined;

function planLines(config: Config, name: string, { diffFile, filesForGroup, planFiles }: Generator): Line[] {
  const planned = planFiles(config, filesForGroup(config, config.groups.get(name)!));
  const out: Line[] = [];
  for (const file of planned) {
    const tone = file.status === 'unchanged' ? 'ok' : file.status === 'create' ? 'added' : 'changed';
    const verb = file.status === 'unchanged' ? 'up to date' : file.status === 'create' ? 'to create' : 'to update';
    out.push({ text: `${file.path}: ${verb}`, tone, bold: true });
  }
  for (const file of planned) out.push(...diffLines(diffFile(file)));
  return out;
}

/** Per loaded config, the last few views computed (a cursor move back is instant). */
const caches = new WeakMap<Config, Map<string, Line[]>>();
const CACHE_SIZE = 16;

/** The lines of a view of a group; `epoch` changes when files on disk may have changed (a job ended). */
export function detailLines(config: Config, name: string | undefined, view: DetailView, epoch: number): Line[] {
  if (name === undefined || !config.groups.has(name)) return [{ text: 'no group', tone: 'muted' }];
  // The drift view reads the fleet, not nodes.json: its lines come from the store (content/drift-lines.ts).
  if (view === 'drift') return [];
  // Not cached: the same call returns the plan once the generator is there.
  if (view === 'plan' && !generator) return [{ text: 'loading the generator…', tone: 'muted' }];
  const key = `${view}\0${name}\0${view === 'plan' ? epoch : 0}`;
  const cache = caches.get(config) ?? new Map<string, Line[]>();
  caches.set(config, cache);
  const hit = cache.get(key);
  if (hit) return hit;
  let lines: Line[];
  try {
    lines = view === 'config' ? configLines(config, name) : view === 'base' ? baseLines(config, name) : planLines(config, name, generator!);
  } catch (error) {
    lines = [{ text: `cannot show ${DETAIL_TITLES[view]}: ${messageOf(error)}`, tone: 'error' }];
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, lines);
  return lines;
}
