// Starts actions as jobs for the workbench and batches their events into at most one store update per tick.
import type { AnyAction, GlobalOptions, PreviewLine } from '../../actions/types.js';
import { HangarError } from '../../errors.js';
import { previewAction } from '../../jobs/preview.js';
import { type Job, startJob } from '../../jobs/job.js';
import { trackActivity } from '../store/job-activity.js';
import { noticeOfEnd } from '../store/job-notice.js';
import type { WorkbenchStore } from '../store/store.js';

export interface JobRunnerOptions {
  store: WorkbenchStore;
  /** The options jobs run with; undefined until the runtime is ready (setOptions), e.g. while the sandbox starts. */
  options: GlobalOptions | undefined;
  /** The options asked for (the command line's), said in confirmations until the runtime is ready. */
  requested: GlobalOptions;
  findAction: (name: string) => AnyAction | undefined;
  /** How often dirty jobs are flushed to the screen (default 50 ms: at most ~20 renders a second). */
  tickMs?: number;
  /** Events kept per job (default 5,000). */
  capacity?: number;
  /** Records the jobs the user runs in the project's history (default true). */
  history?: boolean;
}

export interface JobRunner {
  /** Starts an action the user asked for: listed in the jobs pane. Asked for while the runtime starts, it waits for it (undefined). */
  run(action: AnyAction, groups: string[], flags: Record<string, unknown>): Job | undefined;
  /** Starts a background job (e.g. fleet:status): not listed, not batched into the screen. */
  runInternal(action: AnyAction, groups: string[], flags: Record<string, unknown>): Job;
  /** Sets the options jobs run with, once the runtime (e.g. the in-process sandbox) is ready. */
  setOptions(options: GlobalOptions): void;
  /** The options jobs run with, or, until the runtime is ready, the ones asked for (where AWS calls go, for the confirmation). */
  readonly options: GlobalOptions;
  /** What the action would do, changing nothing (undefined: it has no preview); waits for the runtime; aborted by `signal`. */
  preview(action: AnyAction, groups: string[], flags: Record<string, unknown>, signal?: AbortSignal): Promise<PreviewLine[] | undefined>;
  /** Cancels every listed job that still runs. */
  cancelAll(reason: string): void;
  stop(): void;
}

export function createJobRunner({ store, options, requested, findAction, tickMs = 50, capacity, history = true }: JobRunnerOptions): JobRunner {
  let dirty = false;
  let ended = false;
  let current = options;
  /** Jobs asked for before the runtime was ready: started by setOptions, in order. */
  const waiting: Array<() => void> = [];
  /** The runtime's options, once it is ready. */
  const runtimeReady = (): Promise<GlobalOptions> =>
    current ? Promise.resolve(current) : new Promise((resolve) => waiting.push(() => resolve(current as GlobalOptions)));
  const spawn = (action: AnyAction, groups: string[], flags: Record<string, unknown>, options: GlobalOptions, record?: 'workbench'): Job =>
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

  const runner: JobRunner = {
    run(action, groups, flags) {
      if (!current) {
        waiting.push(() => void runner.run(action, groups, flags));
        store.getState().actions.say(`${action.name} starts once the workbench has started (sandbox, AWS)`);
        return undefined;
      }
      const job = spawn(action, groups, flags, current, history ? 'workbench' : undefined);
      trackActivity(job);
      job.subscribe(() => {
        dirty = true;
      });
      store.getState().actions.addJob(job);
      const number = store.getState().jobs.list.length;
      void job.done.then(() => {
        dirty = true;
        ended = true;
        // The status line says how it ended: a short notice, or a failure that stays until seen.
        const notice = noticeOfEnd(job, number);
        store.getState().actions.say(notice.text, notice.level, notice.options);
      });
      return job;
    },
    runInternal(action, groups, flags) {
      if (!current) throw new HangarError('internal.runtime', 'a background job started before the runtime was ready');
      return spawn(action, groups, flags, current);
    },
    setOptions(next) {
      current = next;
      for (const start of waiting.splice(0)) start();
    },
    get options() {
      return current ?? requested;
    },
    preview: async (action, groups, flags, signal) =>
      previewAction({ action, groups, flags, config: store.getState().config, options: await runtimeReady(), signal }),
    cancelAll(reason) {
      waiting.length = 0;
      for (const job of store.getState().jobs.list) job.cancel(reason);
    },
    stop() {
      clearInterval(timer);
    },
  };
  return runner;
}
