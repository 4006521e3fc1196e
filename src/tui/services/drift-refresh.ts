// Refreshes every group's drift with the fleet status: one fleet:drift internal job per refresh; failures and warnings said once.
import type { AnyAction } from '../../actions/types.js';
import { messageOf } from '../../errors.js';
import type { DriftItem } from '../../drift/types.js';
import type { WorkbenchStore } from '../store/store.js';
import { parseDriftReport } from './drift-schema.js';
import type { JobRunner } from './job-runner.js';

export const DRIFT_ACTION = 'fleet:drift';

export interface DriftRefresh {
  /** Runs fleet:drift once for `groups` (one collectDrift for all of them); resolves when it ended. */
  refresh(groups: readonly string[]): Promise<void>;
  /** Cancels a refresh in flight and waits for it. */
  stop(): Promise<void>;
}

export interface DriftRefreshOptions {
  store: WorkbenchStore;
  runner: JobRunner;
  findAction: (name: string) => AnyAction | undefined;
}

/** The refresher, or one that does nothing (state `unavailable`) when the catalog has no fleet:drift. */
export function createDriftRefresh({ store, runner, findAction }: DriftRefreshOptions): DriftRefresh {
  const action = findAction(DRIFT_ACTION);
  const { actions } = store.getState();
  if (!action) {
    actions.setDrift({ state: 'unavailable', groups: {}, warnings: [] });
    return { refresh: async () => {}, stop: async () => {} };
  }
  let current: ReturnType<JobRunner['runInternal']> | undefined;
  let stopped = false;
  let saidWarnings = '';
  actions.setDrift({ ...store.getState().drift, state: 'loading' });

  const refresh = async (groups: readonly string[]) => {
    if (stopped || groups.length === 0) return;
    const job = runner.runInternal(action, [...groups], {});
    current = job;
    let found: ReturnType<typeof parseDriftReport> | undefined;
    job.subscribe((event) => {
      if (event.type === 'result') found = parseDriftReport(event.data);
    });
    const state = await job.done;
    current = undefined;
    if (stopped) return;
    const before = store.getState().drift;
    if (state === 'succeeded' && found && 'report' in found) {
      const byGroup: Record<string, readonly DriftItem[]> = {};
      for (const g of found.report.groups) byGroup[g.group] = g.items;
      actions.setDrift({ state: 'ok', groups: byGroup, warnings: found.report.warnings, incomplete: found.report.incomplete, at: Date.now() });
      // A warning (no registry configured, a region unreachable) is said when it first appears, not at every refresh.
      const warnings = found.report.warnings.join('\n');
      if (warnings && warnings !== saidWarnings)
        actions.say(`drift: ${found.report.warnings[0]}${found.report.warnings.length > 1 ? ` (+${found.report.warnings.length - 1} more)` : ''}`, 'warn', {
          background: true,
        });
      saidWarnings = warnings;
      return;
    }
    const error = job.error ? messageOf(job.error).split('\n')[0]! : found && 'problem' in found ? found.problem : 'fleet:drift gave no result';
    // Unreachable AWS is said once, when it starts; the column shows `?` until a refresh succeeds again.
    if (before.state !== 'error') actions.say(`drift unknown: ${error}`, 'warn', { background: true });
    actions.setDrift({ ...before, state: 'error', error });
  };

  return {
    refresh,
    async stop() {
      stopped = true;
      current?.cancel('workbench closed');
      await current?.done;
    },
  };
}
