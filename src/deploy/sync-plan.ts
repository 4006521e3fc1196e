// Which chef repo bundle each deploy target receives: the project's repo with the node's own dna.
import { join } from 'node:path';
import { type ChefBundle, buildBundle, findChefRepo, hasChefRepo, listRepoEntries } from '../chef/index.js';
import type { Config } from '../config/index.js';
import { readIfExists } from '../fs/atomic-write.js';
import { asgDnaPath, instanceDnaPath, renderAsgDna } from '../generate/index.js';
import type { DeployTarget } from './fan-out.js';

/** The node's dna: its instance dna file, else its group's ASG dna file, else the ASG dna rendered from nodes.json. */
export function dnaForTarget(config: Config, target: Pick<DeployTarget, 'group' | 'instanceId'>): string {
  const onDisk =
    readIfExists(join(config.dir, instanceDnaPath(config, target.group, target.instanceId))) ??
    readIfExists(join(config.dir, asgDnaPath(config, target.group)));
  if (onDisk !== undefined) return onDisk;
  const group = config.groups.get(target.group);
  if (!group) throw new Error(`no node group ${target.group} in nodes.json`);
  return renderAsgDna(config, group).content;
}

export interface SyncSummary {
  repoHash: string;
  files: number;
}

/**
 * Gives every target its bundle (one per distinct dna, the repo read once). A project without a chef repo
 * folder gets the targets back untouched: nothing ships and the remote command is the provision command alone.
 */
export function attachSync(config: Config, targets: readonly DeployTarget[]): { targets: DeployTarget[]; summary: SyncSummary | undefined } {
  const repo = findChefRepo(config.dir, config.settings.paths);
  if (!hasChefRepo(repo)) return { targets: [...targets], summary: undefined };
  const entries = listRepoEntries(repo);
  const { chef } = config.settings;
  const bundles = new Map<string, ChefBundle>();
  const withSync = targets.map((target) => {
    const dna = dnaForTarget(config, target);
    const bundle = bundles.get(dna) ?? buildBundle(repo, chef, dna, entries);
    bundles.set(dna, bundle);
    const sudo = chef.sudo && target.user !== 'root';
    return { ...target, sync: { bundle, repoPath: chef.repo_path, configPath: chef.config_path, sudo } };
  });
  const first = [...bundles.values()][0];
  return { targets: withSync, summary: first && { repoHash: first.repoHash, files: entries.filter((e) => e.type === 'file').length } };
}
