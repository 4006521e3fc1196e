// What a running job gives the code it runs (actions and the use cases they call): config, backends, cancel signal, events.
import type { Backends } from '../backends.js';
import type { Config } from '../config/index.js';
import type { Emitter } from './events.js';

export interface JobContext {
  /** The loaded nodes.json. */
  readonly config: Config;
  /** Where AWS calls go, and who builds images, runs host commands and opens the registry (src/runtime.ts). */
  readonly backends: Backends;
  /** Aborted on ctrl-c (CLI) or cancel (TUI): stop waiting, stop children, say what exists. */
  readonly signal: AbortSignal;
  /** Emits the job's events. */
  readonly emit: Emitter;
  /** Runs another action inside this job (e.g. autoscale:create runs role:create). */
  runAction(name: string, groups: string[], flags?: Record<string, unknown>): Promise<void>;
}
