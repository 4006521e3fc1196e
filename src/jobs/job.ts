// A running action: its state, its events (kept in a ring buffer), its cancel.
import type { ActionContext, AnyAction, GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import { HangarError, messageOf } from '../errors.js';
import { type Emitter, type JobEvent, createEmitter } from './events.js';
import { recordFinishedJob, takeJobLocks } from './job-guard.js';
import type { Backends } from '../backends.js';
import { chooseBackends } from '../runtime.js';
import { RingBuffer } from './ring-buffer.js';
import type { HistoryRecord } from '../history/record.js';

export type JobState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobSpec {
  action: AnyAction;
  groups: string[];
  /** Parsed flags, defaults filled. */
  flags: Record<string, unknown>;
  config: Config | undefined;
  options: GlobalOptions;
  /** The backends the action uses (src/runtime.ts); default: chosen from `options`. */
  backends?: Backends | undefined;
  /** Finds an action by name, for ctx.runAction. */
  lookup: (name: string) => AnyAction | undefined;
  /** Events kept for the log pane (default 5,000). */
  capacity?: number;
  /** Appends a history record when it ends (runs a person started): from the CLI or the workbench. */
  record?: 'cli' | 'workbench';
  /** The environment (registry endpoints, secrets to keep out of history); default process.env. */
  env?: NodeJS.ProcessEnv;
}

export type JobListener = (event: JobEvent, job: Job) => void;

let nextId = 1;

export class Job {
  readonly id = nextId++;
  readonly action: AnyAction;
  readonly groups: readonly string[];
  readonly flags: Readonly<Record<string, unknown>>;
  readonly startedAt = Date.now();
  endedAt: number | undefined;
  state: JobState = 'running';
  /** The latest progress event, for the jobs pane. */
  progress: { current: number; total: number; label?: string } | undefined;
  /** Why it failed, when it did. */
  error: unknown;
  /** The history record written when it ended (when the spec asked for one). */
  record: HistoryRecord | undefined;
  /** Its result events (the ring buffer may drop early events of a long run; these are kept for history). */
  private readonly results: JobEvent[] = [];
  readonly events: RingBuffer<JobEvent>;
  /** Resolves with the final state; never rejects. */
  readonly done: Promise<JobState>;
  private readonly controller = new AbortController();
  private readonly backends: Backends;
  private readonly listeners = new Set<JobListener>();

  constructor(private readonly spec: JobSpec) {
    this.action = spec.action;
    this.groups = spec.groups;
    this.flags = spec.flags;
    this.backends = spec.backends ?? chooseBackends(spec.options);
    this.events = new RingBuffer(spec.capacity ?? 5000);
    this.done = this.execute();
  }

  /** The global flags that make a printed `hangar ...` command reach this job's target (`--sandbox`, `--endpoint URL`, none for AWS). */
  get targetWords(): readonly string[] {
    return this.backends.targetWords;
  }

  get label(): string {
    return [this.action.name, ...this.groups].join(' ');
  }

  /** The exit code the run ends with: 0, or its error's (1 unless a usage error). */
  get exitCode(): number {
    if (this.state === 'succeeded' || this.state === 'running') return 0;
    return this.error instanceof HangarError ? this.error.exitCode : 1;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Cancels the job: the action's AbortSignal fires; it stops waiting and cleans up. */
  cancel(reason = 'cancelled by user'): void {
    if (this.state === 'running' && !this.controller.signal.aborted) this.controller.abort(new HangarError('job.cancelled', reason));
  }

  subscribe(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push = (event: JobEvent): void => {
    if (event.type === 'progress') {
      this.progress = { current: event.current, total: event.total, ...(event.label === undefined ? {} : { label: event.label }) };
    }
    if (event.type === 'result' && this.results.length < 200) this.results.push(event);
    this.events.push(event);
    for (const listener of this.listeners) listener(event, this);
  };

  private async execute(): Promise<JobState> {
    // Let the creator subscribe before the first event.
    await Promise.resolve();
    const emit = createEmitter(this.push);
    const guard = {
      action: this.spec.action,
      groups: this.groups,
      flags: this.spec.flags,
      config: this.spec.config,
      options: this.spec.options,
      backends: this.backends,
      env: this.spec.env ?? process.env,
      signal: this.controller.signal,
      emit,
    };
    let locks: Awaited<ReturnType<typeof takeJobLocks>>;
    try {
      // Taken before the first change; released in `finally`, also when cancelled or failed.
      locks = await takeJobLocks(guard);
      await this.spec.action.run(this.context(emit), [...this.groups], this.flags as never);
      this.state = this.controller.signal.aborted ? 'cancelled' : 'succeeded';
    } catch (caught) {
      // Safety net: an AWS SDK error no action explained still becomes one line that says what to do.
      const error = this.spec.action.usesAws ? await this.backends.explainError(caught) : caught;
      this.error = error;
      this.state = this.controller.signal.aborted ? 'cancelled' : 'failed';
      const hangar = error instanceof HangarError ? error : undefined;
      this.push({
        at: Date.now(),
        type: 'error',
        message: messageOf(error),
        ...(hangar ? { code: hangar.code } : {}),
        ...(hangar?.hint ? { hint: hangar.hint } : {}),
      });
      if (this.spec.options.debug && error instanceof Error && error.stack) emit.debug(error.stack);
    } finally {
      await locks?.release();
      this.endedAt = Date.now();
    }
    if (this.spec.record) {
      const state = this.state as Exclude<JobState, 'running'>;
      this.record = await recordFinishedJob({
        ...guard,
        from: this.spec.record,
        state,
        exit: this.exitCode,
        error: this.error,
        startedAt: this.startedAt,
        endedAt: this.endedAt,
        events: this.results,
      }).catch(() => undefined);
    }
    return this.state;
  }

  private context(emit: Emitter): ActionContext {
    const { spec } = this;
    return {
      get config(): Config {
        if (!spec.config) throw new HangarError('internal.config', `${spec.action.name} declared needsConfig: false but read the config`);
        return spec.config;
      },
      options: spec.options,
      backends: this.backends,
      signal: this.controller.signal,
      emit,
      runAction: async (name, groups, flags = {}) => {
        const action = spec.lookup(name);
        if (!action) throw new HangarError('internal.action', `unknown action ${name}`);
        const { withDefaults } = await import('../actions/flags.js');
        await action.run(this.context(emit), groups, withDefaults(action, flags) as never);
      },
    };
  }
}

/** Starts an action as a job. */
export function startJob(spec: JobSpec): Job {
  return new Job(spec);
}
