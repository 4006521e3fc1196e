// Per-process resources an invocation needs before its actions run (the in-process sandbox, clients).
import { relative, resolve } from 'node:path';
import type { GlobalOptions } from './actions/types.js';
import type { Config } from './config/index.js';

export interface Runtime {
  /** `sandbox` when AWS calls go to the local sandbox (--sandbox), else `aws`. */
  mode: 'sandbox' | 'aws';
  /** Where AWS calls go when not to AWS itself (--endpoint, AWS_ENDPOINT_URL, the sandbox). */
  endpoint: string | undefined;
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

/**
 * Prepares the runtime for a command or the TUI. It may change `options`
 * (e.g. point `endpoint` at the in-process sandbox).
 */
export async function prepareRuntime(options: GlobalOptions, config: Config | undefined): Promise<Runtime> {
  if (!options.sandbox) return { mode: 'aws', endpoint: options.endpoint, notice: undefined, async dispose() {} };
  // Loaded only here: commands without --sandbox never load the sandbox (nor the AWS SDK it reads schemas from).
  const { startSandbox, sandboxStateFile } = await import('./sandbox/index.js');
  const dir = config?.dir ?? resolve(options.directory ?? process.cwd());
  const stateFile = sandboxStateFile(dir);
  let log: (line: string) => void = (line) => {
    process.stderr.write(`${line}\n`);
  };
  const sandbox = await startSandbox({ stateFile, config, log: (line) => log(line) });
  options.endpoint = sandbox.url;
  const shown = relative(process.cwd(), stateFile) || stateFile;
  return {
    mode: 'sandbox',
    endpoint: sandbox.url,
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
