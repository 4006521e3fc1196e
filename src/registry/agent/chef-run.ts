// Which chef repo copy a provision run used: read the node's recorded hash before, record the run after.
import { join } from 'node:path';
import { nodeLayout } from '../../chef/layout.js';
import { messageOf } from '../../errors.js';
import { readIfExists, writeAtomic } from '../../fs/atomic-write.js';

/** The node's repo copy: `<repo_path>/current`, its hash (undefined when the node has no copy). */
export function readRepoCopy(repoPath: string): { current: string; hash: string | undefined; bundle: string | undefined } {
  const layout = nodeLayout({ repo_path: repoPath, config_path: '/' });
  return {
    current: layout.current,
    hash: readIfExists(layout.repoHashFile)?.trim() || undefined,
    bundle: readIfExists(layout.bundleHashFile)?.trim() || undefined,
  };
}

export interface RunRecord {
  repo_hash: string | null;
  bundle_hash: string | null;
  command: string;
  ok: boolean;
  exit_code: number | null;
  at: string;
}

/** Writes `<repo_path>/last-run.json` (atomically): what drift and people read to know what ran last. */
export function recordRun(repoPath: string, record: RunRecord): string {
  const path = join(nodeLayout({ repo_path: repoPath, config_path: '/' }).repo, 'last-run.json');
  writeAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  return path;
}

/** Records the run where the node has a copy (a node without one gets no new folder); a failed write is a warning. */
export function recordRunOnCopy(
  repoPath: string,
  copy: ReturnType<typeof readRepoCopy>,
  run: { command: string; ok: boolean; exitCode: number | undefined },
  warn: (message: string) => void,
): void {
  if (!copy.hash) return;
  try {
    recordRun(repoPath, {
      repo_hash: copy.hash,
      bundle_hash: copy.bundle ?? null,
      command: run.command,
      ok: run.ok,
      exit_code: run.exitCode ?? null,
      at: new Date().toISOString(),
    });
  } catch (error) {
    warn(`could not record the run in ${repoPath}: ${messageOf(error)}`);
  }
}
