// Per-process resources an invocation needs before its actions run (the in-process sandbox, clients).
import type { GlobalOptions } from './actions/types.js';
import type { Config } from './config/index.js';

export interface Runtime {
  /** `sandbox` when AWS calls go to the local sandbox (--sandbox), else `aws`. */
  mode: 'sandbox' | 'aws';
  /** Where AWS calls go when not to AWS itself (--endpoint, AWS_ENDPOINT_URL, the sandbox). */
  endpoint: string | undefined;
  /** Releases what prepareRuntime started (servers, connections). */
  dispose(): Promise<void>;
}

/**
 * Prepares the runtime for a command or the TUI. It may change `options`
 * (e.g. point `endpoint` at the in-process sandbox).
 */
export async function prepareRuntime(options: GlobalOptions, _config: Config | undefined): Promise<Runtime> {
  return { mode: options.sandbox ? 'sandbox' : 'aws', endpoint: options.endpoint, async dispose() {} };
}
