// The provision and decommission commands: built as {file, args, env}, then run through src/process (never a shell).
import { usageError } from '../../errors.js';
import { runProcess } from '../../process/run.js';
import { splitCommandLine } from '../../process/split-command-line.js';

export interface Command {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

/** `--command`, else the dna's provision_command, else `chef-solo -j <dna>`; split into argv like a shell would, without one. */
export function buildProvisionCommand(template: string | undefined, dnaPath: string): Command {
  if (template === undefined) return { file: 'chef-solo', args: ['-j', dnaPath] };
  const [file, ...args] = splitCommandLine(template);
  if (!file) throw usageError('agent.command', 'the provision command is empty', { hint: 'e.g. --command "chef-solo -j /etc/chef/dna.json"' });
  return { file, args };
}

/** The provision command with `-o recipe[<cookbook>::delete-<service>]`: runs only the removal recipe. */
export function buildDecommissionCommand(provision: Command, cookbook: string, service: string): Command {
  return { ...provision, args: [...provision.args, '-o', `recipe[${cookbook}::delete-${service}]`] };
}

export const formatCommand = (command: Command) => [command.file, ...command.args].join(' ');

export interface CommandOutcome {
  ok: boolean;
  exitCode: number | undefined;
  /** The last lines of output, for the log when it failed. */
  tail: string[];
}

/** Runs a command, passing each output line on; stops it (SIGTERM, SIGKILL 10 s later) when `signal` aborts. */
export async function runCommand(command: Command, signal: AbortSignal, onLine: (line: string) => void): Promise<CommandOutcome> {
  const tail: string[] = [];
  // node:child_process straight (no execa): the agent runs on every node, and execa would stay resident after its first run.
  const result = await runProcess(command, {
    signal,
    graceMs: 10_000,
    onLine: (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      onLine(line);
    },
  });
  const ok = result.exitCode === 0 && !result.cancelled;
  if (!ok && result.exitCode === undefined && result.shortMessage) tail.push(result.shortMessage);
  return { ok, exitCode: result.exitCode, tail };
}
