// The per-process world, chosen once: where AWS calls go, who builds images, runs host commands and opens the registry (real or sandbox).
import { relative, resolve } from 'node:path';
import type { GlobalOptions } from './actions/types.js';
import { type Backends, realBackends } from './backends.js';
import type { Config } from './config/index.js';
import { sandboxBackends } from './sandbox/backends/index.js';

export type { Backends } from './backends.js';

export interface Runtime {
  /** `sandbox` when AWS calls go to the local sandbox (--sandbox), else `aws`. */
  mode: 'sandbox' | 'aws';
  /** Where AWS calls go when not to AWS itself (--endpoint, AWS_ENDPOINT_URL, the sandbox). */
  endpoint: string | undefined;
  /** The options the jobs run with: the input's, with `endpoint` pointing at the in-process sandbox when one runs. */
  options: GlobalOptions;
  /** The backends every job of this process uses. */
  backends: Backends;
  /** One line saying where AWS calls go, for the CLI to print on stderr (set in sandbox mode). */
  notice: string | undefined;
  /** The in-process sandbox, when one runs. */
  sandbox?: {
    url: string;
    stateFile: string;
    /** Sends the sandbox's own lines (unknown actions, internal errors) elsewhere than stderr, e.g. into the TUI. */
    setLog(log: (line: string) => void): void;
  };
  /** Releases what prepareRuntime started (servers, connections). */
  dispose(): Promise<void>;
}

/** Where AWS calls go, known from the options before the runtime starts (the workbench's header and confirmations say it). */
export function destinationOf(options: Pick<GlobalOptions, 'endpoint' | 'sandbox'>): { mode: Runtime['mode']; endpoint: string | undefined } {
  return { mode: options.sandbox ? 'sandbox' : 'aws', endpoint: options.endpoint };
}

/**
 * The one place that reads --sandbox to pick backends; the sandbox's endpoint must already be in
 * `options.endpoint` (prepareRuntime's `options`, or a test's own sandbox).
 */
export function chooseBackends(options: Pick<GlobalOptions, 'endpoint' | 'sandbox'>): Backends {
  return options.sandbox ? sandboxBackends(options.endpoint) : realBackends(options.endpoint);
}

/**
 * Prepares the runtime for a command or the TUI: starts the in-process sandbox for --sandbox, and chooses
 * the backends. `options` is not changed: the runtime's `options` carry the sandbox's endpoint.
 */
export async function prepareRuntime(options: GlobalOptions, config: Config | undefined): Promise<Runtime> {
  if (!options.sandbox) {
    return { mode: 'aws', endpoint: options.endpoint, options, backends: chooseBackends(options), notice: undefined, async dispose() {} };
  }
  // Loaded only here: commands without --sandbox never load the sandbox (nor the AWS SDK it reads schemas from).
  const { startSandbox, sandboxStateFile } = await import('./sandbox/index.js');
  const dir = config?.dir ?? resolve(options.directory ?? process.cwd());
  const stateFile = sandboxStateFile(dir);
  let log: (line: string) => void = (line) => {
    process.stderr.write(`${line}\n`);
  };
  const sandbox = await startSandbox({ stateFile, config, log: (line) => log(line) });
  const shown = relative(process.cwd(), stateFile) || stateFile;
  const withSandbox = { ...options, endpoint: sandbox.url };
  return {
    mode: 'sandbox',
    endpoint: sandbox.url,
    options: withSandbox,
    backends: chooseBackends(withSandbox),
    notice: `SANDBOX: EC2 + Auto Scaling at ${sandbox.url} (state ${shown}); nothing reaches AWS`,
    sandbox: {
      url: sandbox.url,
      stateFile,
      setLog(next) {
        log = next;
      },
    },
    dispose: () => sandbox.close(),
  };
}
