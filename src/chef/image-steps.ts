// The packer steps that put the chef repo on an image: staging folders, uploads, an install script (fixed text, values as env vars).
import { chefRepoHash } from './entries.js';
import { type NodePaths, renderSoloRb } from './layout.js';
import { type ChefRepo, foldersOf } from './repo.js';

/** Where the file provisioners upload the repo on the build instance before it is installed. */
export const IMAGE_STAGE = '/tmp/hangar-chef';

/** Creates the (empty) upload folders: packer's file provisioner needs the destination to exist. */
export const STAGE_SCRIPT = ['set -eu', 'rm -rf "$HANGAR_STAGE"', 'for d in $HANGAR_DIRS; do mkdir -p "$HANGAR_STAGE/$d"; done'];

/**
 * Installs the staged repo as `<repo_path>/releases/image-<hash>`, points `current` at it with a rename,
 * records the hash and writes solo.rb. Run as root; every value comes from the environment.
 */
export const INSTALL_SCRIPT = [
  'set -eu',
  'rel="releases/image-$HANGAR_CHEF_HASH"',
  'mkdir -p "$HANGAR_REPO_PATH/releases" "$HANGAR_CONFIG_PATH"',
  'rm -rf "$HANGAR_REPO_PATH/$rel"',
  'cp -R "$HANGAR_STAGE" "$HANGAR_REPO_PATH/$rel"',
  'printf \'%s\\n\' "$HANGAR_CHEF_HASH" > "$HANGAR_REPO_PATH/$rel/.hangar-chef"',
  'printf \'%s\\n\' "image-$HANGAR_CHEF_HASH" > "$HANGAR_REPO_PATH/$rel/.hangar-bundle"',
  'ln -sfn "$rel" "$HANGAR_REPO_PATH/current.new"',
  'mv -T "$HANGAR_REPO_PATH/current.new" "$HANGAR_REPO_PATH/current"',
  'printf \'%s\' "$HANGAR_SOLO_RB" > "$HANGAR_CONFIG_PATH/solo.rb"',
  'rm -rf "$HANGAR_STAGE"',
  'echo "hangar: chef repo $HANGAR_CHEF_HASH installed at $HANGAR_REPO_PATH/current; $HANGAR_CONFIG_PATH/solo.rb points at it"',
];

/** The chef-solo provisioner's optional install settings (pinned version, Cinc). */
export interface ChefInstall {
  version?: string | undefined;
  install_command?: string | undefined;
  execute_command?: string | undefined;
}

export interface PackerChefSteps {
  hash: string;
  cookbook_paths: string[];
  data_bags_path: string | undefined;
  environments_path: string | undefined;
  stage_env: string[];
  stage_inline: string[];
  uploads: { source: string; destination: string }[];
  install_env: string[];
  install_inline: string[];
  install: ChefInstall;
}

/** The packer template's chef steps for a project; undefined when it has no chef repo (the template stays as before). */
export function packerChefSteps(repo: ChefRepo, paths: NodePaths, install: ChefInstall = {}): PackerChefSteps | undefined {
  const hash = chefRepoHash(repo);
  if (hash === undefined) return undefined;
  const one = (kind: 'data_bags' | 'environments') => foldersOf(repo, kind)[0]?.local;
  return {
    hash,
    cookbook_paths: foldersOf(repo, 'cookbooks').map((f) => f.local),
    data_bags_path: one('data_bags'),
    environments_path: one('environments'),
    stage_env: [`HANGAR_STAGE=${IMAGE_STAGE}`, `HANGAR_DIRS=${repo.folders.map((f) => f.node).join(' ')}`],
    stage_inline: STAGE_SCRIPT,
    // A trailing slash: the folder's contents go into the destination.
    uploads: repo.folders.map((f) => ({ source: `${f.local.replace(/\/+$/, '')}/`, destination: `${IMAGE_STAGE}/${f.node}` })),
    install_env: [
      `HANGAR_STAGE=${IMAGE_STAGE}`,
      `HANGAR_REPO_PATH=${paths.repo_path}`,
      `HANGAR_CONFIG_PATH=${paths.config_path}`,
      `HANGAR_CHEF_HASH=${hash}`,
      `HANGAR_SOLO_RB=${renderSoloRb(repo, paths)}`,
    ],
    install_inline: INSTALL_SCRIPT,
    install: {
      version: install.version,
      install_command: install.install_command,
      execute_command: install.execute_command,
    },
  };
}
