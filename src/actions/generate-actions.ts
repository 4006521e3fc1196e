// plan, role:create, roles:update, packer:create, autoscale:create: the files generated from nodes.json.

import { fullRunList, groupOf } from '../config/index.js';
import { IMAGE_REQUIREMENTS, type Requirement } from '../config/requirements.js';
import { HangarError, usageError } from '../errors.js';
import type { GeneratedFile, PlannedFile } from '../generate/index.js';
import type { ActionContext } from './types.js';
import { defineAction } from './types.js';
import { formatCount } from '../format/plural.js';

// The generator (handlebars, the templates, diff) and the chef repo code load when one of these actions runs, not
// with the catalog: every other command, and the workbench's first frame, go without them.
const generator = () => import('../generate/index.js');

/** Writes planned files and reports each one: created, updated or up to date. */
async function writeAndReport(ctx: ActionContext, planned: PlannedFile[]): Promise<void> {
  const { applyPlan } = await generator();
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
    'Renders every generated file of the groups (all when none is named) and prints a unified diff against what is on disk. Writes nothing. With --check it exits 1 when any file is missing or stale (for CI). When the project has a chef repo folder, it warns about each run-list recipe no cookbook folder has.',
  groups: 'all-by-default',
  // What the files it renders need: the packer template of a built group, the dna of one that autoscales.
  requires: (group) => [...(group.packer === false ? [] : IMAGE_REQUIREMENTS), ...(group.autoscale ? (['region'] as Requirement[]) : [])],
  flags: {
    check: { type: 'boolean', description: 'exit 1 when any generated file is missing or stale' },
  },
  async run(ctx, groups, flags) {
    if (ctx.config.groups.size === 0) {
      ctx.emit.warn('nodes.json defines no groups: there is nothing to generate');
      ctx.emit.result({ files: [], stale: 0, groups: 0 }, 'no groups in nodes.json: nothing to generate');
      return;
    }
    const { changed, chefStepsOf, diffFile, filesForGroup, planFiles } = await generator();
    const { findChefRepo, runListWarnings } = await import('../chef/index.js');
    const chef = chefStepsOf(ctx.config);
    const files = groups.flatMap((name) => filesForGroup(ctx.config, groupOf(ctx.config, name), chef));
    const planned = planFiles(ctx.config, files);
    // A run-list recipe the project's chef repo lacks would fail chef-solo on the node (only when there is a repo).
    const repo = findChefRepo(ctx.config.dir, ctx.config.settings.paths);
    for (const name of groups) {
      for (const warning of runListWarnings(repo, name, fullRunList(groupOf(ctx.config, name).merged))) ctx.emit.warn(warning, { group: name });
    }
    const stale = changed(planned);
    const text = [...stale.map(diffFile), summarize(planned)].join('\n');
    ctx.emit.result({ files: planned.map(({ path, status, group, kind }) => ({ path, status, group, kind })), stale: stale.length }, text);
    if (flags.check && stale.length > 0) {
      throw new HangarError(
        'plan.stale',
        `${formatCount(stale.length, 'generated file')} ${stale.length === 1 ? 'is' : 'are'} stale: ${stale.map((f) => f.path).join(', ')}`,
        {
          hint: 'run hangar roles:update / packer:create / autoscale:create and commit the result',
        },
      );
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
    const { planFiles, renderRole } = await generator();
    const planned = planFiles(
      ctx.config,
      groups.map((name) => renderRole(ctx.config, groupOf(ctx.config, name))),
    );
    if (!flags.force) refuseChangedRoles(planned, '(or pass --force)');
    await writeAndReport(ctx, planned);
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
    const { changed, diffFile, planFiles, renderRole } = await generator();
    const planned = planFiles(
      ctx.config,
      groups.map((name) => renderRole(ctx.config, groupOf(ctx.config, name))),
    );
    for (const file of changed(planned)) ctx.emit.result({ path: file.path, diff: diffFile(file) }, diffFile(file), { group: file.group });
    await writeAndReport(ctx, planned);
  },
});

/** A group that turned the feature off is bad usage (exit 2), checked for every group before anything is written. */
function requireFeature(ctx: ActionContext, name: string, feature: 'packer' | 'autoscale'): void {
  const value = groupOf(ctx.config, name).merged[feature];
  if (feature === 'packer' && value === false) {
    throw usageError('packer.disabled', `group "${name}" sets "packer": false: it has no image to build`);
  }
  if (feature === 'autoscale' && !value) {
    throw usageError('autoscale.disabled', `group "${name}" does not autoscale: add an "autoscale" object to it in nodes.json`, {
      hint: 'e.g. "autoscale": {"node_min": 2, "node_max": 4}',
    });
  }
}

/** Refuses (before anything is written) when a role file on disk differs from nodes.json: all files or none. */
function refuseChangedRoles(planned: readonly PlannedFile[], orElse: string): void {
  const refused = planned.filter((f) => f.kind === 'role' && f.status === 'update');
  if (refused.length === 0) return;
  throw new HangarError('role.exists', `${refused.map((f) => f.path).join(', ')} already exists and differs from nodes.json: nothing was written`, {
    hint: `see the change and write it with: hangar roles:update ${refused.map((f) => f.group).join(' ')} ${orElse}`,
  });
}

async function writeFiles(ctx: ActionContext, files: GeneratedFile[]): Promise<void> {
  const { planFiles } = await generator();
  await writeAndReport(ctx, planFiles(ctx.config, files));
}

export const packerCreate = defineAction({
  name: 'packer:create',
  summary: 'write packer/G.json, the amazon-ebs template that builds the group image',
  groups: 'required',
  requires: IMAGE_REQUIREMENTS,
  locks: 'project',
  flags: {},
  async run(ctx, groups) {
    for (const name of groups) requireFeature(ctx, name, 'packer');
    const { chefStepsOf, renderPacker } = await generator();
    const chef = chefStepsOf(ctx.config);
    await writeFiles(
      ctx,
      groups.map((name) => renderPacker(ctx.config, groupOf(ctx.config, name), chef)),
    );
  },
});

export const autoscaleCreate = defineAction({
  name: 'autoscale:create',
  summary: 'write dna/asg/G.json and run role:create G',
  description:
    'Renders dna/asg/G.json and roles/role-G.json of every named group first; when a role file differs from nodes.json (role:create would refuse it) nothing is written.',
  groups: 'required',
  requires: ['autoscale', 'region'],
  locks: 'project',
  flags: {},
  async run(ctx, groups) {
    for (const name of groups) requireFeature(ctx, name, 'autoscale');
    const { planFiles, renderAsgDna, renderRole } = await generator();
    const planned = planFiles(
      ctx.config,
      groups.flatMap((name) => [renderAsgDna(ctx.config, groupOf(ctx.config, name)), renderRole(ctx.config, groupOf(ctx.config, name))]),
    );
    refuseChangedRoles(planned, 'then run autoscale:create again');
    await writeAndReport(ctx, planned);
  },
});
