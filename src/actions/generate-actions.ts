// plan, role:create, roles:update, packer:create, autoscale:create: the files generated from nodes.json.

import type { Config, NodeGroup } from '../config/index.js';
import { HangarError } from '../errors.js';
import {
  type GeneratedFile,
  type PlannedFile,
  applyPlan,
  changed,
  diffFile,
  filesForGroup,
  planFiles,
  renderAsgDna,
  renderPacker,
  renderRole,
} from '../generate/index.js';
import type { ActionContext } from './types.js';
import { defineAction } from './types.js';

const groupOf = (config: Config, name: string): NodeGroup => config.groups.get(name)!;

/** Writes planned files and reports each one: created, updated or up to date. */
function writeAndReport(ctx: ActionContext, planned: PlannedFile[]): void {
  applyPlan(ctx.config, planned);
  for (const file of planned) {
    const verb = file.status === 'create' ? 'created' : file.status === 'update' ? 'updated' : 'up to date';
    ctx.emit.log(`${verb} ${file.path}`, { group: file.group });
  }
  ctx.emit.result(
    planned.map(({ path, status, group }) => ({ path, status, group })),
    undefined,
  );
}

function summarize(files: readonly PlannedFile[]): string {
  const count = (status: PlannedFile['status']) => files.filter((f) => f.status === status).length;
  return `${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged`;
}

export const plan = defineAction({
  name: 'plan',
  summary: 'what generating roles, packer templates and dna would change on disk',
  description:
    'Renders every generated file of the groups (all when none is named) and prints a unified diff against what is on disk. Writes nothing. With --check it exits 1 when any file is missing or stale (for CI).',
  groups: 'all-by-default',
  flags: {
    check: { type: 'boolean', description: 'exit 1 when any generated file is missing or stale' },
  },
  async run(ctx, groups, flags) {
    const files = groups.flatMap((name) => filesForGroup(ctx.config, groupOf(ctx.config, name)));
    const planned = planFiles(ctx.config, files);
    const stale = changed(planned);
    const text = [...stale.map(diffFile), summarize(planned)].join('\n');
    ctx.emit.result(
      { files: planned.map(({ path, status, group, kind }) => ({ path, status, group, kind })), stale: stale.length },
      text,
    );
    if (flags.check && stale.length > 0) {
      throw new HangarError('plan.stale', `${stale.length} generated file(s) are stale: ${stale.map((f) => f.path).join(', ')}`, {
        hint: 'run hangar roles:update / packer:create / autoscale:create and commit the result',
      });
    }
  },
});

export const roleCreate = defineAction({
  name: 'role:create',
  summary: 'write roles/role-G.json (refuses to overwrite a changed file without --force)',
  groups: 'required',
  locks: 'project',
  flags: {
    force: { type: 'boolean', description: 'overwrite a role file that differs from nodes.json' },
  },
  async run(ctx, groups, flags) {
    const planned = planFiles(ctx.config, groups.map((name) => renderRole(ctx.config, groupOf(ctx.config, name))));
    const refused = planned.filter((f) => f.status === 'update');
    if (refused.length > 0 && !flags.force) {
      // Nothing is written when any file would be overwritten: all or none.
      throw new HangarError('role.exists', `${refused.map((f) => f.path).join(', ')} already exists and differs from nodes.json`, {
        hint: `see the change and write it with: hangar roles:update ${refused.map((f) => f.group).join(' ')} (or pass --force)`,
      });
    }
    writeAndReport(ctx, planned);
  },
});

export const rolesUpdate = defineAction({
  name: 'roles:update',
  aliases: ['role:update'],
  summary: 'show the diff of roles/role-G.json against nodes.json, then write it',
  groups: 'required',
  locks: 'project',
  flags: {},
  async run(ctx, groups) {
    const planned = planFiles(ctx.config, groups.map((name) => renderRole(ctx.config, groupOf(ctx.config, name))));
    for (const file of changed(planned)) ctx.emit.result({ path: file.path, diff: diffFile(file) }, diffFile(file), { group: file.group });
    writeAndReport(ctx, planned);
  },
});

function requireFeature(ctx: ActionContext, name: string, feature: 'packer' | 'autoscale'): void {
  const value = groupOf(ctx.config, name).merged[feature];
  if (feature === 'packer' && value === false) {
    throw new HangarError('packer.disabled', `group "${name}" sets "packer": false: it has no image to build`);
  }
  if (feature === 'autoscale' && !value) {
    throw new HangarError('autoscale.disabled', `group "${name}" does not autoscale: add an "autoscale" object to it in nodes.json`, {
      hint: 'e.g. "autoscale": {"node_min": 2, "node_max": 4}',
    });
  }
}

function writeFiles(ctx: ActionContext, files: GeneratedFile[]): void {
  writeAndReport(ctx, planFiles(ctx.config, files));
}

export const packerCreate = defineAction({
  name: 'packer:create',
  summary: 'write packer/G.json, the amazon-ebs template that builds the group image',
  groups: 'required',
  locks: 'project',
  flags: {},
  async run(ctx, groups) {
    for (const name of groups) requireFeature(ctx, name, 'packer');
    writeFiles(ctx, groups.map((name) => renderPacker(ctx.config, groupOf(ctx.config, name))));
  },
});

export const autoscaleCreate = defineAction({
  name: 'autoscale:create',
  summary: 'write dna/asg/G.json and run role:create G',
  groups: 'required',
  locks: 'project',
  flags: {},
  async run(ctx, groups) {
    for (const name of groups) requireFeature(ctx, name, 'autoscale');
    writeFiles(ctx, groups.map((name) => renderAsgDna(ctx.config, groupOf(ctx.config, name))));
    await ctx.runAction('role:create', groups);
  },
});

