// What a deploy ships to one node: the repo, the node's dna and solo.rb, then the hash markers, as one tar.
import { type RepoEntry, hashEntries, listRepoEntries, repoHashOf } from './entries.js';
import { type NodePaths, renderSoloRb } from './layout.js';
import type { ChefRepo } from './repo.js';
import { packTar } from './tar.js';

export interface ChefBundle {
  /** Content hash of the repo's cookbooks, data bags and environments (the `hangar:chef` tag). */
  repoHash: string;
  /** Hash of everything shipped (repo with roles, dna, solo.rb): what the node compares before receiving anything. */
  bundleHash: string;
  /** The archive; the markers come last, so a cut-off stream never has them. */
  tar: Buffer;
  /** Files of the repo itself (dna.json, solo.rb and the markers come on top). */
  files: number;
}

/** Files the node installs into its config path from `.hangar/` in the copy. */
export const BUNDLE_CONFIG_DIR = '.hangar';

const file = (path: string, text: string, mtime: number): RepoEntry => ({ path, type: 'file', mode: 0o644, data: Buffer.from(text), mtime });

/** Packs a bundle; `entries` can be passed in when several nodes share one listing. */
export function buildBundle(repo: ChefRepo, paths: NodePaths, dna: string, entries: readonly RepoEntry[] = listRepoEntries(repo)): ChefBundle {
  const repoHash = repoHashOf(repo, entries);
  const now = Math.floor(Date.now() / 1000);
  const config = [
    { path: BUNDLE_CONFIG_DIR, type: 'dir' as const, mode: 0o755, data: Buffer.alloc(0), mtime: now },
    file(`${BUNDLE_CONFIG_DIR}/dna.json`, dna, now),
    file(`${BUNDLE_CONFIG_DIR}/solo.rb`, renderSoloRb(repo, paths), now),
  ];
  const bundleHash = hashEntries([...entries, ...config]);
  const markers = [file('.hangar-chef', `${repoHash}\n`, now), file('.hangar-bundle', `${bundleHash}\n`, now)];
  const all = [...entries, ...config, ...markers];
  return { repoHash, bundleHash, tar: packTar(all), files: entries.filter((e) => e.type === 'file').length };
}
