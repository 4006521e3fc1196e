// The end-of-deploy summary: one row per host (host, group, exit code, duration), as data and as a table.
import { formatTable as alignTable } from '../format/table.js';
import { formatDuration } from '../format/time.js';
import type { DeployStage } from './canary.js';
import { type HostResult, isFailure } from './fan-out.js';

export interface SummaryRow {
  host: string;
  group: string;
  instance: string;
  status: string;
  exitCode: number | null;
  durationMs: number;
  /** The chef repo copy: updated, current, not-updated; null when nothing was to be shipped. */
  repo: string | null;
  /** The repo's content hash the host was to have (drift compares it with the project's). */
  repoHash: string | null;
  reason: string | null;
  /** canary or rest, when the deploy had a canary stage. */
  stage?: DeployStage | undefined;
}

/** One row per result; `stages` (by index) when the deploy ran a canary first. */
export function toRows(results: readonly HostResult[], stages?: readonly DeployStage[] | undefined): SummaryRow[] {
  return results.map(({ target, status, exitCode, durationMs, reason, repo }, n) => ({
    ...(stages?.[n] ? { stage: stages[n] } : {}),
    host: target.address ?? '-',
    group: target.group,
    instance: target.instanceId,
    status,
    exitCode: exitCode ?? null,
    durationMs,
    repo: target.sync ? (repo ?? 'not-updated') : null,
    repoHash: target.sync?.bundle.repoHash ?? null,
    reason: reason ?? null,
  }));
}

/** A fixed-width table; the last column (why) is left unpadded. */
export function formatTable(rows: readonly SummaryRow[]): string {
  const withRepo = rows.some((r) => r.repo !== null);
  const withStage = rows.some((r) => r.stage !== undefined);
  const header = [...(withStage ? ['STAGE'] : []), 'HOST', 'GROUP', 'INSTANCE', 'STATUS', 'EXIT', 'DURATION', ...(withRepo ? ['REPO'] : []), 'NOTE'];
  const cells = rows.map((r) => [
    ...(withStage ? [r.stage ?? '-'] : []),
    r.host,
    r.group,
    r.instance,
    r.status,
    r.exitCode === null ? '-' : String(r.exitCode),
    r.status === 'not-run' ? '-' : formatDuration(r.durationMs),
    ...(withRepo ? [r.repo ?? '-'] : []),
    r.reason ?? '',
  ]);
  return alignTable(header, cells);
}

export interface Tally {
  total: number;
  ok: number;
  failed: HostResult[];
  notRun: HostResult[];
  cancelled: HostResult[];
}

export function tally(results: readonly HostResult[]): Tally {
  return {
    total: results.length,
    ok: results.filter((r) => r.status === 'ok').length,
    failed: results.filter((r) => isFailure(r.status)),
    notRun: results.filter((r) => r.status === 'not-run'),
    cancelled: results.filter((r) => r.status === 'cancelled'),
  };
}

/** One line under the table: `38 ok, 1 failed (i-1), 1 not run (i-2)`. */
export function formatTally(t: Tally): string {
  const ids = (list: HostResult[]) => list.map((r) => r.target.instanceId).join(', ');
  const parts = [`${t.ok}/${t.total} ok`];
  if (t.failed.length) parts.push(`${t.failed.length} failed (${ids(t.failed)})`);
  if (t.cancelled.length) parts.push(`${t.cancelled.length} cancelled while running (${ids(t.cancelled)})`);
  if (t.notRun.length) parts.push(`${t.notRun.length} did not run (${ids(t.notRun)})`);
  return parts.join(', ');
}
