// What each group generates: role, packer template and dna, as path + content.
import { type Config, type NodeGroup, fullRunList, servicesOf } from '../config/index.js';
import { settingsSchema } from '../config/schema.js';
import { type PackerChefSteps, findChefRepo, packerChefSteps } from '../chef/index.js';
import { checkPackerLiterals, escapePackerValue } from './packer-escape.js';
import { asgDnaPath, packerPath, rolePath } from './paths.js';
import { renderJson } from './templates.js';

export type FileKind = 'role' | 'packer' | 'dna';

export interface GeneratedFile {
  group: string;
  kind: FileKind;
  /** Relative to the folder of nodes.json. */
  path: string;
  content: string;
}

export { asgDnaPath, instanceDnaPath, packerPath, rolePath } from './paths.js';

export function renderRole(config: Config, group: NodeGroup): GeneratedFile {
  const m = group.merged;
  const content = renderJson(config.dir, 'role.json', {
    role: `role-${group.name}`,
    group: group.name,
    description: m.description ?? '',
    override_attributes: m.override_attributes ?? {},
    default_attributes: m.default_attributes ?? {},
    run_list: fullRunList(m),
  });
  return { group: group.name, kind: 'role', path: rolePath(config, group.name), content };
}

/**
 * The chef repo's packer steps (uploads, the node-side copy, cookbook/data bag paths, the repo hash) when the
 * project has one. It reads the whole repo to hash it: compute it once for a batch of templates and pass it on.
 */
export function chefStepsOf(config: Config): PackerChefSteps | undefined {
  return packerChefSteps(findChefRepo(config.dir, config.settings.paths), config.settings.chef, config.settings.chef);
}

export function renderPacker(config: Config, group: NodeGroup, chef: PackerChefSteps | undefined = chefStepsOf(config)): GeneratedFile {
  const m = group.merged;
  checkPackerLiterals(group.name, m);
  // Every value from nodes.json is data: escaped so packer prints it as written, never runs it.
  // New template fields go inside this object, so they are escaped too. Packer renders chef-solo's
  // `json` field more than once (processJsonUserVars): no user value belongs there.
  const data = escapePackerValue({
    group: group.name,
    type: m.type ?? 'amazon-ebs',
    region: m.region,
    source_ami: m.source_ami,
    instance_type: m.instance_type,
    ssh_username: m.ssh_username,
    iam_instance_profile: m.iam_instance_profile,
    description: m.description ?? '',
    tags: { ...m.tags, Name: group.name, group: group.name, 'hangar:config': group.hash, ...(chef ? { 'hangar:chef': chef.hash } : {}) },
    run_tags: { Name: `packer ${group.name}`, group: group.name },
    extra: m.packer || {},
    roles_path: config.settings.paths.roles,
    run_list: [`role[role-${group.name}]`],
    // The install settings are packer template code on purpose (chef-solo's own `{{.Sudo}}`...): not escaped.
    chef: chef ? { ...chef, install: {} } : undefined,
  });
  const content = renderJson(config.dir, 'packer.json', {
    ...data,
    // `{{timestamp}}` is packer's own function, the one template call hangar writes: added after escaping.
    ami_name: `${data.group} {{timestamp}}`,
    tags: { ...data.tags, built_at: '{{timestamp}}' },
    ...(chef ? { chef: { ...data.chef, install: chef.install } } : {}),
  });
  return { group: group.name, kind: 'packer', path: packerPath(config, group.name), content };
}

/** What the node agent (no nodes.json on a node) needs from __settings__: only values that differ from the defaults; never a password. */
function agentSettings(config: Config): { registry?: Record<string, unknown>; provision_command?: string; chef?: Record<string, string> } {
  const defaults = settingsSchema.parse({});
  const registry = Object.entries(config.settings.registry).filter(
    ([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify((defaults.registry as Record<string, unknown>)[key]),
  );
  return {
    ...(registry.length ? { registry: Object.fromEntries(registry) } : {}),
    ...(config.settings.provision_command !== defaults.provision_command ? { provision_command: config.settings.provision_command } : {}),
    // Where the node's chef repo copy is, for the agent's record of what it ran.
    ...(config.settings.chef.repo_path !== defaults.chef.repo_path || config.settings.chef.config_path !== defaults.chef.config_path
      ? { chef: { repo_path: config.settings.chef.repo_path, config_path: config.settings.chef.config_path } }
      : {}),
  };
}

/** A chef-solo dna file; `id` is the group (ASG) or `<group>-<instance-id>`. */
export function renderDna(config: Config, group: NodeGroup, id: string, path: string): GeneratedFile {
  const m = group.merged;
  const services = Object.fromEntries(servicesOf(m, config.settings.service_cookbook).map(({ name, ...rest }) => [name, rest]));
  const content = renderJson(config.dir, 'dna.json', {
    id,
    group: group.name,
    run_list: [`role[role-${group.name}]`],
    hangar: {
      group: group.name,
      region: m.region,
      service_cookbook: config.settings.service_cookbook,
      services,
      depends_on: m.depends_on ?? null,
      ...agentSettings(config),
    },
  });
  return { group: group.name, kind: 'dna', path, content };
}

export const renderAsgDna = (config: Config, group: NodeGroup) => renderDna(config, group, group.name, asgDnaPath(config, group.name));

/** Every file a group generates: its role, its packer template unless `packer: false`, its ASG dna when it autoscales. */
/** Every file of a group; `chef` (chefStepsOf) is read once by callers that render many groups. */
export function filesForGroup(config: Config, group: NodeGroup, chef?: PackerChefSteps): GeneratedFile[] {
  const files = [renderRole(config, group)];
  if (group.merged.packer !== false) files.push(renderPacker(config, group, chef ?? chefStepsOf(config)));
  if (group.merged.autoscale) files.push(renderAsgDna(config, group));
  return files;
}
