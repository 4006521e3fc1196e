// A process to run as data ({file, args, env, cwd}) and how a person would type it; never run through a shell.

/** A program, its argv, environment added to the inherited one, and its working folder. */
export interface ProcessCommand {
  file: string;
  args: string[];
  env?: Record<string, string> | undefined;
  cwd?: string | undefined;
}

/** One argument quoted for a POSIX shell when it needs it (for display only). */
export function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The command as a person would type it (for debug lines and dry runs). */
export function describeCommand(command: Pick<ProcessCommand, 'file' | 'args'>): string {
  return [command.file, ...command.args].map(quoteArg).join(' ');
}
