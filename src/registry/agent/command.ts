// The provision and decommission commands: built as {file, args, env}, then run through execa (never a shell).
import { splitCommandLine } from '../../actions/flags.js';
import { usageError } from '../../errors.js';

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

/** Runs a command, passing each output line on; stops it (SIGTERM) when `signal` aborts. */
export async function runCommand(command: Command, signal: AbortSignal, onLine: (line: string) => void): Promise<CommandOutcome> {
  const { execa } = await import('execa');
  const tail: string[] = [];
  const child = execa(command.file, command.args, {
    env: command.env,
    all: true,
    reject: false,
    stdin: 'ignore',
    cancelSignal: signal,
    forceKillAfterDelay: 10_000,
  });
  if (child.all) {
    let rest = '';
    child.all.setEncoding('utf8');
    child.all.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(line);
      }
    });
    child.all.on('end', () => {
      if (rest) {
        tail.push(rest);
        onLine(rest);
      }
    });
  }
  const result = await child;
  const ok = !result.failed && result.exitCode === 0;
  if (!ok && result.exitCode === undefined && result.message) tail.push(result.shortMessage ?? result.message);
  return { ok, exitCode: result.exitCode, tail };
}
