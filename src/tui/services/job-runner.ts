// Starts actions as jobs for the workbench and batches their events into at most one store update per tick.
import type { AnyAction, GlobalOptions, PreviewLine } from '../../actions/types.js';
import { previewAction } from '../../jobs/preview.js';
import { type Job, startJob } from '../../jobs/job.js';
import type { WorkbenchStore } from '../store/store.js';

export interface JobRunnerOptions {
  store: WorkbenchStore;
  options: GlobalOptions;
  findAction: (name: string) => AnyAction | undefined;
  /** How often dirty jobs are flushed to the screen (default 50 ms: at most ~20 renders a second). */
  tickMs?: number;
  /** Events kept per job (default 5,000). */
  capacity?: number;
  /** Records the jobs the user runs in the project's history (default true). */
  history?: boolean;
}

export interface JobRunner {
  /** Starts an action the user asked for: listed in the jobs pane. */
  run(action: AnyAction, groups: string[], flags: Record<string, unknown>): Job;
  /** Starts a background job (e.g. fleet:status): not listed, not batched into the screen. */
  runInternal(action: AnyAction, groups: string[], flags: Record<string, unknown>): Job;
  /** The options jobs run with (where AWS calls go, for the confirmation). */
  readonly options: GlobalOptions;
  /** What the action would do, changing nothing (undefined: it has no preview); aborted by `signal`. */
  preview(action: AnyAction, groups: string[], flags: Record<string, unknown>, signal?: AbortSignal): Promise<PreviewLine[] | undefined>;
  /** Cancels every listed job that still runs. */
  cancelAll(reason: string): void;
  stop(): void;
}

export function createJobRunner({ store, options, findAction, tickMs = 50, capacity, history = true }: JobRunnerOptions): JobRunner {
  let dirty = false;
  let ended = false;
  const spawn = (action: AnyAction, groups: string[], flags: Record<string, unknown>, record?: 'workbench'): Job =>
    // Each job runs on the nodes.json loaded when it starts.
    startJob({
      action,
      groups,
      flags,
      config: store.getState().config,
      options,
      lookup: findAction,
      ...(capacity ? { capacity } : {}),
      ...(record ? { record } : {}),
    });

  // A job event only marks the pane dirty; the ticker turns that into one store update.
  const timer = setInterval(() => {
    if (!dirty) return;
    const jobEnded = ended;
    dirty = false;
    ended = false;
    store.getState().actions.bumpJobs(jobEnded);
  }, tickMs);
  timer.unref?.();

  return {
    run(action, groups, flags) {
      const job = spawn(action, groups, flags, history ? 'workbench' : undefined);
      job.subscribe(() => {
        dirty = true;
      });
      void job.done.then(() => {
        dirty = true;
        ended = true;
      });
      store.getState().actions.addJob(job);
      return job;
    },
    runInternal: (action, groups, flags) => spawn(action, groups, flags),
    options,
    preview: (action, groups, flags, signal) => previewAction({ action, groups, flags, config: store.getState().config, options, signal }),
    cancelAll(reason) {
      for (const job of store.getState().jobs.list) job.cancel(reason);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
