// The fixed remote script that brings a node's chef repo copy up to date inside the deploy's one ssh connection.
import { quoteShell } from '../chef/shell-quote.js';

/**
 * Runs on the node as `sh -c SCRIPT hangar-sync REPO_PATH CONFIG_PATH BUNDLE_HASH`, stdin connected to hangar.
 * It says `hangar-sync: current <hash>` (hangar then closes stdin) or `hangar-sync: send <old>` (hangar then
 * streams a tar and closes stdin). The tar goes into a new folder; only a complete copy (its last entry is
 * the bundle hash) is renamed into `releases/` and made `current` by renaming a symlink over it, so a cut
 * transfer leaves the previous copy as it was. dna.json and solo.rb are then installed into the config path,
 * each by a rename. The current and the previous copy are kept; older ones are removed.
 */
export const SYNC_SCRIPT = `set -eu
repo=$1 conf=$2 want=$3
mkdir -p "$repo/releases" "$conf"
if command -v flock >/dev/null 2>&1; then exec 9>"$repo/.sync.lock"; flock 9; fi
have=$(cat "$repo/current/.hangar-bundle" 2>/dev/null || true)
if [ "$have" = "$want" ]; then echo "hangar-sync: current $want"; exit 0; fi
echo "hangar-sync: send \${have:-none}"
new="$repo/releases/.incoming.$$"
rm -rf "$new"
mkdir "$new"
trap 'rm -rf "$new"' EXIT
tar -x -f - -C "$new" --no-same-owner
if [ "$(cat "$new/.hangar-bundle" 2>/dev/null || true)" != "$want" ]; then
  echo "hangar-sync: incomplete transfer: the previous copy was kept" >&2
  exit 97
fi
rel="releases/$want"
if [ -d "$repo/$rel" ]; then rm -rf "$new"; else mv -T "$new" "$repo/$rel"; fi
trap - EXIT
prev=$(readlink "$repo/current" 2>/dev/null || true)
ln -sfn "$rel" "$repo/current.$$"
mv -T "$repo/current.$$" "$repo/current"
for f in dna.json solo.rb; do cp "$repo/$rel/.hangar/$f" "$conf/.$f.$$"; mv -f "$conf/.$f.$$" "$conf/$f"; done
for d in "$repo"/releases/*; do
  [ -e "$d" ] || continue
  case "releases/\${d##*/}" in "$rel"|"$prev") ;; *) rm -rf "$d" ;; esac
done
echo "hangar-sync: updated $want"
`;

/** What a deploy needs to sync one node. */
export interface SyncArgs {
  repoPath: string;
  configPath: string;
  bundleHash: string;
  /** Run the sync with `sudo -n` (the login user is not root). */
  sudo: boolean;
}

/** The protocol lines the script prints on stdout. */
export const SYNC_LINE = /^hangar-sync: (current|send|updated) (\S+)$/;

/**
 * The one remote command: the sync (every value single-quoted by quoteShell), then the provision command,
 * run by `sh -c` only when the sync succeeded. Without sync it is the provision command as given.
 */
export function buildRemoteCommand(provision: string, sync: SyncArgs | undefined, script = SYNC_SCRIPT): string {
  if (!sync) return provision;
  const args = [sync.repoPath, sync.configPath, sync.bundleHash].map(quoteShell).join(' ');
  return `${sync.sudo ? 'sudo -n ' : ''}sh -c ${quoteShell(script)} hangar-sync ${args} && sh -c ${quoteShell(provision)}`;
}

/** Stands for the script in dry-run lines (the whole command, script included, is a debug line). */
export const SYNC_SCRIPT_PLACEHOLDER = '<hangar sync script>';
