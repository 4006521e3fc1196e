// Where the chef repo lives on a node (from __settings__.chef), and the solo.rb that points chef-solo at it.
import { type ChefRepo, foldersOf } from './repo.js';

/** __settings__.chef's node-side locations (absolute, shell-safe: the schema checks them). */
export interface NodePaths {
  repo_path: string;
  config_path: string;
}

/**
 * The node's layout: `<repo_path>/releases/<id>/` holds one complete copy; `<repo_path>/current` is a symlink
 * to one of them, switched by a rename (never half a repo). `current/.hangar-chef` holds the repo's content hash.
 */
export function nodeLayout(paths: NodePaths) {
  const repo = paths.repo_path.replace(/\/+$/, '') || '/';
  const conf = paths.config_path.replace(/\/+$/, '') || '/';
  return {
    repo,
    current: `${repo}/current`,
    releases: `${repo}/releases`,
    /** The repo hash of the current copy (deploy and image write it; drift reads it). */
    repoHashFile: `${repo}/current/.hangar-chef`,
    /** The hash of everything a deploy shipped (repo + dna + solo.rb): compared before sending. */
    bundleHashFile: `${repo}/current/.hangar-bundle`,
    /** What the agent's last provision run used: `{hash, at, ok, command}`. */
    lastRunFile: `${repo}/last-run.json`,
    solo: `${conf}/solo.rb`,
    dna: `${conf}/dna.json`,
    config: conf,
  };
}

/** solo.rb for the node: every path inside `<repo_path>/current`, so a sync switches them all at once. */
export function renderSoloRb(repo: ChefRepo, paths: NodePaths): string {
  const { current } = nodeLayout(paths);
  const at = (name: string) => JSON.stringify(`${current}/${name}`);
  const lines = [`# chef-solo settings written by hangar: the chef repo copy at ${current}.`];
  lines.push(
    `cookbook_path [${foldersOf(repo, 'cookbooks')
      .map((f) => at(f.node))
      .join(', ')}]`,
  );
  const one = (key: string, kind: 'roles' | 'data_bags' | 'environments') => {
    const folder = foldersOf(repo, kind)[0];
    if (folder) lines.push(`${key} ${at(folder.node)}`);
  };
  one('role_path', 'roles');
  one('data_bag_path', 'data_bags');
  one('environment_path', 'environments');
  return `${lines.join('\n')}\n`;
}
