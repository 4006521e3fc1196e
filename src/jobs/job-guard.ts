// What surrounds every job's run: its locks (taken before, released after, even when cancelled) and its history record.
import type { FinishedJob } from '../history/summarize.js';
import type { AnyAction, GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import type { HistoryRecord } from '../history/record.js';
import type { Backends } from '../backends.js';
import type { HeldLocks, LockScope } from '../locks/acquire.js';
import type { Emitter } from './events.js';

/** The lock scope an action declares for these flags (none for read-only runs). */
export function lockScopeOf(action: AnyAction, flags: Record<string, unknown>): LockScope | undefined {
  const { locks } = action;
  return typeof locks === 'function' ? locks(flags) : locks;
}

export interface GuardInput {
  action: AnyAction;
  groups: readonly string[];
  flags: Record<string, unknown>;
  config: Config | undefined;
  options: GlobalOptions;
  backends: Backends;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  emit: Emitter;
}

/** Takes the job's locks; undefined when it needs none. Throws `lock.held` (exit 1) naming the holder. */
export async function takeJobLocks(input: GuardInput): Promise<HeldLocks | undefined> {
  const scope = lockScopeOf(input.action, input.flags);
  if (!scope || !input.config) return undefined;
  if (scope === 'groups' && input.groups.length === 0) return undefined;
  // Loaded only by a job that locks: a read-only action (the agent) never loads the lock code.
  const { PROJECT_WAIT_MS, acquireLocks } = await import('../locks/acquire.js');
  const waitSeconds = input.options.waitLock;
  return acquireLocks({
    scope,
    action: input.action.name,
    groups: input.groups,
    dir: input.config.dir,
    localOnly: input.backends.localOnly,
    registry: input.config.settings.registry,
    env: input.env,
    waitMs: waitSeconds !== undefined ? waitSeconds * 1000 : scope === 'project' ? PROJECT_WAIT_MS : 0,
    resume: Boolean(input.flags.resume),
    signal: input.signal,
    emit: input.emit,
  });
}

/** A finished job as the guard sees it: its input, and how it ended (the history's own fields). */
export interface FinishedInput extends GuardInput, Pick<FinishedJob, 'from' | 'state' | 'exit' | 'error' | 'startedAt' | 'endedAt' | 'events'> {}

/** Appends the job's history record (a project's runs only: without nodes.json there is no .hangar to keep it in). */
export async function recordFinishedJob(input: FinishedInput): Promise<HistoryRecord | undefined> {
  if (!input.config || input.action.name === 'history') return undefined;
  const [{ recordJob }, { whoAmI }, { randomUUID }] = await Promise.all([
    import('../history/record-job.js'),
    import('../locks/holder.js'),
    import('node:crypto'),
  ]);
  return recordJob(
    {
      id: `${new Date(input.startedAt).toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`,
      action: input.action.name,
      groups: input.groups,
      flags: input.flags,
      state: input.state,
      exit: input.exit,
      error: input.error,
      startedAt: input.startedAt,
      endedAt: input.endedAt,
      events: input.events,
      by: whoAmI(),
      from: input.from,
    },
    { dir: input.config.dir, registry: input.config.settings.registry, env: input.env, localOnly: input.backends.localOnly, warn: (m) => input.emit.warn(m) },
  );
}
