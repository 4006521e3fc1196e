// The backends a job uses (ctx.backends), one per seam: the real ones here, the sandbox's in src/sandbox/backends/; src/runtime.ts picks.
import { type AwsTarget, awsTargetOf } from './aws/target.js';
import type { HostRunner } from './deploy/deploy-hosts.js';
import type { ImageBuilder } from './packer/builder.js';
import type { RegistryOpener } from './registry/open.js';

/** What actions use instead of reading --sandbox: each seam's real part or its stand-in (ctx.backends). */
export interface Backends {
  /** Where AWS calls go. */
  aws: AwsTarget;
  /** Builds a group's image: packer, or a simulation. */
  buildImage: ImageBuilder;
  /** Runs a host's provision command: ssh, or a simulation. */
  hostRunner: HostRunner;
  /** Opens the service registry: etcd when configured, or one derived from the stand-in's instances. */
  openRegistry: RegistryOpener;
  /** Builds and provision runs are simulated (results say so). */
  simulated: boolean;
  /** Locks and history stay in the project's files even when an etcd is configured. */
  localOnly: boolean;
  /** The global flags a `hangar ...` command printed for people needs to reach the same target (`--sandbox`, `--endpoint URL`, none for AWS). */
  targetWords: readonly string[];
  /** Turns an AWS SDK error no action explained into a HangarError that says what to do (other errors pass as they are). */
  explainError(error: unknown): Promise<unknown>;
}

/** The AWS SDK error explanation every AWS target shares (loaded only when a job failed). */
export async function explainAwsError(error: unknown): Promise<unknown> {
  return (await import('./aws/errors.js')).explainIfAwsError(error);
}

/** The real backends: AWS (or --endpoint), packer, ssh, etcd. */
export function realBackends(endpoint: string | undefined): Backends {
  const aws = awsTargetOf(endpoint);
  return {
    aws,
    simulated: false,
    localOnly: false,
    targetWords: endpoint ? ['--endpoint', endpoint] : [],
    explainError: explainAwsError,
    buildImage: async (input, io) => (await import('./packer/builder.js')).packerBuilder(aws)(input, io),
    hostRunner: (job) => async (command, options) => (await import('./deploy/deploy-hosts.js')).sshHostRunner(job)(command, options),
    openRegistry: async (config, extra) => (await import('./registry/open.js')).openRegistry(config, extra),
  };
}
