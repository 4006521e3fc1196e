// Find the project's chef repo: its cookbook folders, roles, data bags and environments, and their names on a node.
import { statSync } from 'node:fs';
import { join, normalize } from 'node:path';

export type RepoKind = 'cookbooks' | 'roles' | 'data_bags' | 'environments';

export interface RepoFolder {
  kind: RepoKind;
  /** Relative to the folder of nodes.json, as written in __settings__.paths. */
  local: string;
  /** Its name inside the node's copy (`<repo_path>/current/<node>`) and in the image's staging folder. */
  node: string;
}

export interface ChefRepo {
  /** The folder of nodes.json. */
  dir: string;
  /** Cookbooks first (those that exist, in settings order), roles, then data bags and environments that exist; empty without a chef repo. */
  folders: RepoFolder[];
}

/** The part of __settings__.paths this module reads. */
export interface RepoPaths {
  roles: string;
  cookbooks: string | string[];
  data_bags: string;
  environments: string;
}

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** `site-cookbooks` -> `site-cookbooks`, `chef/cookbooks` -> `chef_cookbooks`: one safe name per folder. */
export function nodeName(local: string): string {
  return normalize(local)
    .replace(/\/+$/, '')
    .replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * The chef repo of a project. A project "has" one when a cookbook, data bag or environment folder exists;
 * then its roles folder (generated) is part of it. Without one, nothing ships and generated files stay as before.
 */
export function findChefRepo(dir: string, paths: RepoPaths): ChefRepo {
  const cookbooks = Array.isArray(paths.cookbooks) ? paths.cookbooks : [paths.cookbooks];
  const wanted: { kind: RepoKind; local: string; node: string }[] = [
    ...cookbooks.map((local) => ({ kind: 'cookbooks' as const, local, node: nodeName(local) })),
    { kind: 'data_bags', local: paths.data_bags, node: 'data_bags' },
    { kind: 'environments', local: paths.environments, node: 'environments' },
  ];
  const present = wanted.filter((folder) => isDirectory(join(dir, folder.local)));
  if (present.length === 0) return { dir, folders: [] };
  // Roles are generated: part of the repo whether or not written yet, so a template does not depend on the order files are written.
  const roles = [{ kind: 'roles' as const, local: paths.roles, node: 'roles' }];
  const [cookbookFolders, others] = [present.filter((f) => f.kind === 'cookbooks'), present.filter((f) => f.kind !== 'cookbooks')];
  return { dir, folders: [...cookbookFolders, ...roles, ...others] };
}

export const hasChefRepo = (repo: ChefRepo): boolean => repo.folders.length > 0;
export const foldersOf = (repo: ChefRepo, kind: RepoKind): RepoFolder[] => repo.folders.filter((f) => f.kind === kind);
