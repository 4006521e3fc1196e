// config:show and config:diff: what a group is after the merge, and what it changes on __base__.
import { createTwoFilesPatch } from 'diff';
import { BASE, type Config, annotateMerged, formatAnnotated } from '../config/index.js';
import { defineAction } from './types.js';

/** A unified diff from __base__ to the merged group: what the group adds or overrides. */
export function diffGroupFromBase(config: Config, name: string): string {
  const group = config.groups.get(name)!;
  const before = `${JSON.stringify(config.base, null, 2)}\n`;
  const after = `${JSON.stringify(group.mergedJson, null, 2)}\n`;
  if (before === after) return '';
  return createTwoFilesPatch(BASE, name, before, after, undefined, undefined, { context: 2 }).replace(/^=+\n/, '');
}

export const configShow = defineAction({
  name: 'config:show',
  summary: 'merged config of a group, each key marked base, group or merged',
  description:
    'Prints the group merged onto __base__ as JSON5. A comment after each key says where it came from: `base`, `group`, `merged` (a dict merged one level deep, a list appended base first) or `default` (set by neither: the default hangar uses, e.g. ssh_username ubuntu); each list item and dict key is marked too. With --json: {group, config, origins}.',
  groups: 'required',
  flags: {},
  async run(ctx, groups) {
    for (const name of groups) {
      const group = ctx.config.groups.get(name)!;
      const text = `# ${name}\n${formatAnnotated(annotateMerged(group.mergedJson, group.origins))}`;
      ctx.emit.result({ group: name, config: group.mergedJson, origins: group.origins }, text, { group: name });
    }
  },
});

export const configDiff = defineAction({
  name: 'config:diff',
  summary: 'what a group adds or overrides on __base__, as a unified diff',
  groups: 'required',
  flags: {},
  async run(ctx, groups) {
    for (const name of groups) {
      const diff = diffGroupFromBase(ctx.config, name);
      ctx.emit.result({ group: name, diff }, diff || `# ${name} adds nothing to ${BASE}`, { group: name });
    }
  },
});
