// Refreshes every group's fleet status in the background by running fleet:status as an internal job.
import type { AnyAction } from '../../actions/types.js';
import { messageOf } from '../../errors.js';
import type { WorkbenchStore } from '../store/store.js';
import type { GroupStatus } from '../store/types.js';
import type { JobRunner } from './job-runner.js';

export const STATUS_ACTION = 'fleet:status';

export interface StatusPollerOptions {
  store: WorkbenchStore;
  runner: JobRunner;
  findAction: (name: string) => AnyAction | undefined;
  /** The groups to ask about (read at every refresh: nodes.json may have been reloaded). */
  groups: () => readonly string[];
  /** Pause between two refreshes (default 5 s). */
  intervalMs?: number;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const sum = (items: unknown, key: string): number | undefined =>
  Array.isArray(items) && items.length > 0 ? items.reduce<number>((total, item) => total + (count((item as Record<string, unknown>)?.[key]) ?? 0), 0) : undefined;

/** One group's status from fleet:status: `{ami: {id, created}, healthy, desired, running}` or `{image: {id, createdAt}, asgs: [...], instances: {running}}`. */
function parseGroup(value: Record<string, unknown>): GroupStatus {
  const image = (value.ami ?? value.image) as { id?: unknown; created?: unknown; createdAt?: unknown } | null | undefined;
  const instances = value.instances as { running?: unknown } | undefined;
  return {
    ami: image && typeof image.id === 'string' ? { id: image.id, created: String(image.created ?? image.createdAt ?? '') } : undefined,
    healthy: count(value.healthy) ?? sum(value.asgs, 'healthy'),
    desired: count(value.desired) ?? sum(value.asgs, 'desired'),
    running: count(value.running) ?? count(instances?.running),
  };
}

/** Reads fleet:status's result data (`{groups: {[name]: status}}` or the record itself) defensively. */
export function parseFleetStatus(data: unknown): Record<string, GroupStatus> | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const groups = (data as { groups?: unknown }).groups ?? data;
  if (!groups || typeof groups !== 'object' || Array.isArray(groups)) return undefined;
  const out: Record<string, GroupStatus> = {};
  for (const [name, raw] of Object.entries(groups as Record<string, unknown>)) {
    if (raw && typeof raw === 'object') out[name] = parseGroup(raw as Record<string, unknown>);
  }
  return out;
}

/** Starts polling; the stop function resolves once a refresh in flight has ended. Without fleet:status the status is `unavailable`. */
export function startStatusPoller({ store, runner, findAction, groups, intervalMs = 5000 }: StatusPollerOptions): () => Promise<void> {
  const action = findAction(STATUS_ACTION);
  const { actions } = store.getState();
  if (!action || groups().length === 0) {
    actions.setStatus({ state: 'unavailable', groups: {} });
    return async () => {};
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: ReturnType<JobRunner['runInternal']> | undefined;
  actions.setStatus({ ...store.getState().status, state: 'loading' });

  const refresh = async () => {
    if (stopped) return;
    const job = runner.runInternal(action, [...groups()], {});
    current = job;
    let found: Record<string, GroupStatus> | undefined;
    job.subscribe((event) => {
      if (event.type === 'result') found = parseFleetStatus(event.data) ?? found;
    });
    const state = await job.done;
    current = undefined;
    if (stopped) return;
    const before = store.getState().status;
    if (state === 'succeeded' && found) actions.setStatus({ state: 'ok', groups: found, at: Date.now() });
    else actions.setStatus({ ...before, state: 'error', error: job.error ? messageOf(job.error) : 'fleet:status gave no result' });
    timer = setTimeout(() => void refresh(), intervalMs);
    timer.unref?.();
  };
  void refresh();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    current?.cancel('workbench closed');
    await current?.done;
  };
}
