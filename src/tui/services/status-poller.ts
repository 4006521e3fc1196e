// Refreshes every group's fleet status in the background by running fleet:status as an internal job.
import { z } from 'zod';
import type { AnyAction } from '../../actions/types.js';
import { messageOf } from '../../errors.js';
import type { WorkbenchStore } from '../store/store.js';
import type { GroupStatus } from '../store/types.js';
import { createDriftRefresh } from './drift-refresh.js';
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
  /** Drift is read at most this often (default 6 status refreshes, 30 s by default), and at the next refresh after a job of the user ended. */
  driftEveryMs?: number;
}

/** One group in fleet:status's result (`{groups: {[name]: status}}`, see src/aws/fleet-status.ts); keys the TUI does not show are dropped. */
const GroupStatusSchema = z.object({
  image: z.object({ id: z.string(), createdAt: z.string() }).nullable(),
  asgs: z.array(z.object({ desired: z.number().int().nonnegative(), healthy: z.number().int().nonnegative() })),
  instances: z.object({ running: z.number().int().nonnegative() }),
});

const FleetStatusResultSchema = z.object({ groups: z.record(z.string(), GroupStatusSchema) });

/** What the TUI shows of a group: the newest AMI, healthy/desired over its ASGs (none without an ASG), running instances. */
function toGroupStatus(status: z.infer<typeof GroupStatusSchema>): GroupStatus {
  const hasAsg = status.asgs.length > 0;
  return {
    ami: status.image ? { id: status.image.id, created: status.image.createdAt } : undefined,
    healthy: hasAsg ? status.asgs.reduce((total, asg) => total + asg.healthy, 0) : undefined,
    desired: hasAsg ? status.asgs.reduce((total, asg) => total + asg.desired, 0) : undefined,
    running: status.instances.running,
  };
}

/** Parses fleet:status's result data at the boundary; a shape it does not know is a named problem, never a crash. */
export function parseFleetStatus(data: unknown): { groups: Record<string, GroupStatus> } | { problem: string } {
  const parsed = FleetStatusResultSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `fleet:status result not understood${issue ? ` at ${issue.path.join('.') || 'top'}: ${issue.message}` : ''}` };
  }
  return { groups: Object.fromEntries(Object.entries(parsed.data.groups).map(([name, status]) => [name, toGroupStatus(status)])) };
}

/** Starts polling; the stop function resolves once a refresh in flight has ended. Without fleet:status the status is `unavailable`. */
export function startStatusPoller({
  store,
  runner,
  findAction,
  groups,
  intervalMs = 5000,
  driftEveryMs = 6 * intervalMs,
}: StatusPollerOptions): () => Promise<void> {
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
  const drift = createDriftRefresh({ store, runner, findAction });
  // Drift costs more calls than the status (launch template versions, the registry): read it less often, and after each job.
  let driftReadAt = Number.NEGATIVE_INFINITY;
  let jobsEndedAtRead = -1;
  const endedJobs = () => store.getState().jobs.list.filter((job) => job.state !== 'running').length;

  const refresh = async () => {
    if (stopped) return;
    // The drift of every group is read alongside, once per refresh (not per group), when it is due.
    const due = Date.now() - driftReadAt >= driftEveryMs || endedJobs() !== jobsEndedAtRead;
    if (due) {
      driftReadAt = Date.now();
      jobsEndedAtRead = endedJobs();
    }
    const driftDone = due ? drift.refresh(groups()) : Promise.resolve();
    const job = runner.runInternal(action, [...groups()], {});
    current = job;
    let found: Record<string, GroupStatus> | undefined;
    let problem: string | undefined;
    job.subscribe((event) => {
      if (event.type !== 'result') return;
      const parsed = parseFleetStatus(event.data);
      if ('groups' in parsed) found = parsed.groups;
      else problem = parsed.problem;
    });
    const state = await job.done;
    current = undefined;
    if (stopped) return;
    const before = store.getState().status;
    if (state === 'succeeded' && found) actions.setStatus({ state: 'ok', groups: found, at: Date.now() });
    else actions.setStatus({ ...before, state: 'error', error: job.error ? messageOf(job.error) : (problem ?? 'fleet:status gave no result') });
    // The next refresh starts once the drift read has ended too: never two of either at once.
    await driftDone;
    if (stopped) return;
    timer = setTimeout(() => void refresh(), intervalMs);
    timer.unref?.();
  };
  void refresh();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    current?.cancel('workbench closed');
    await Promise.all([current?.done, drift.stop()]);
  };
}
