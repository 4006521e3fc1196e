// hangar's entry point: reads the action word, then loads the lean agent entry (`hangar agent`) or the full CLI.
import { splitAction } from './cli-args.js';
import { EXIT, HangarError, formatError } from './errors.js';
import { redactUrls } from './redact.js';

/**
 * The agent runs on every node, so its footprint is paid once per node: it loads only its own action
 * (src/cli-agent.ts), not the catalog, the config loader, the templates or the workbench (src/cli-main.ts).
 */
async function dispatch(argv: string[]): Promise<number> {
  const { word, rest } = splitAction(argv);
  if (word === 'agent') {
    const { runAgentCommand } = await import('./cli-agent.js');
    return runAgentCommand(rest);
  }
  const { main } = await import('./cli-main.js');
  return main(argv);
}

dispatch(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    process.stderr.write(redactUrls(`${formatError(error, debug)}\n`));
    process.exitCode = error instanceof HangarError ? error.exitCode : EXIT.failed;
  },
);
