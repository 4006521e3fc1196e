// The lean entry of `hangar agent` (the daemon every node runs): the agent action alone, run like any headless action.
import { agent } from './actions/agent-action.js';
import { runHeadless } from './cli-run.js';

/**
 * Same flag parsing, help, errors and exit codes as the full CLI (runHeadless reads the same action
 * definition), without loading the catalog, the config loader or the templates an agent never uses.
 * The agent runs no other action, so its job finds only itself.
 */
export function runAgentCommand(argv: string[]): Promise<number> {
  return runHeadless(agent, argv, (name) => (name === agent.name ? agent : undefined));
}
