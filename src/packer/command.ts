// Build the `packer build -machine-readable` command object (argv only; never a shell string).

export interface PackerCommand {
  file: string;
  args: string[];
  /** Added to the inherited environment. */
  env: Record<string, string>;
  /** The folder of nodes.json: template paths are relative to it. */
  cwd: string;
}

export interface PackerBuildInput {
  /** Template path relative to `cwd`, e.g. `packer/web.json`. */
  template: string;
  cwd: string;
  /** --endpoint / AWS_ENDPOINT_URL: handed to the template's `aws_endpoint` variable. */
  endpoint?: string | undefined;
  /** PACKER_BIN, or `packer` on PATH. */
  bin?: string | undefined;
}

/** The packer binary: PACKER_BIN when set, else `packer` from PATH. */
export function packerBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.PACKER_BIN?.trim() || 'packer';
}

export function buildPackerCommand(input: PackerBuildInput): PackerCommand {
  const args = ['build', '-machine-readable'];
  if (input.endpoint) args.push('-var', `aws_endpoint=${input.endpoint}`);
  args.push(input.template);
  // A custom endpoint is a test or a private cloud: no instance metadata lookups from the build host.
  const env: Record<string, string> = input.endpoint ? { AWS_EC2_METADATA_DISABLED: 'true' } : {};
  return { file: input.bin ?? packerBinary(), args, env, cwd: input.cwd };
}
