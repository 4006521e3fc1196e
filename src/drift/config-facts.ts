// What nodes.json says of each group, for the drift judgement: hash, capacity, services, and which generated files are stale.
import { resolveAsgSettings } from '../aws/asg-settings.js';
import { type Config, groupOf, servicesOf } from '../config/index.js';
import { messageOf } from '../errors.js';
import type { PackerChefSteps } from '../chef/index.js';
import { changed, filesForGroup, planFiles } from '../generate/index.js';
import type { GroupConfigFacts, StaleFile } from './snapshot.js';

/** The group's config facts; a warning when its autoscale block cannot make an ASG (its capacity is then not checked). */
export function configFactsOf(config: Config, name: string, warn: (message: string) => void): GroupConfigFacts {
  const node = groupOf(config, name);
  const m = node.merged;
  let capacity: GroupConfigFacts['capacity'];
  if (m.autoscale) {
    try {
      const settings = resolveAsgSettings(name, m);
      capacity = { min: settings.min, max: settings.max, desired: settings.desired, desiredSet: m.autoscale.desired !== undefined };
    } catch (error) {
      warn(`${name}: capacity not checked: ${messageOf(error)}`);
    }
  }
  const cookbook = config.settings.service_cookbook;
  return {
    hash: node.hash,
    builds: m.packer !== false,
    instanceType: m.instance_type,
    autoscales: Boolean(m.autoscale),
    capacity,
    runListServices: servicesOf(m, cookbook).map((s) => ({ name: s.name, port: s.port })),
    declaredServices: Object.keys(m.services ?? {}),
    serviceCookbook: cookbook,
  };
}

/** The group's generated files that differ from disk (as `hangar plan` sees them); undefined with a warning when they cannot be rendered. */
export function staleFilesOf(config: Config, name: string, chef: PackerChefSteps | undefined, warn: (message: string) => void): StaleFile[] | undefined {
  try {
    return changed(planFiles(config, filesForGroup(config, groupOf(config, name), chef))).map((f) => ({
      path: f.path,
      kind: f.kind,
      status: f.status === 'create' ? 'create' : 'update',
    }));
  } catch (error) {
    warn(`${name}: generated files not checked: ${messageOf(error)}`);
    return undefined;
  }
}
