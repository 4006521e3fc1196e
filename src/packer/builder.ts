// How a group's image gets built: the ImageBuilder seam (packer here; the sandbox's simulation in src/sandbox/backends/).
import type { AwsTarget } from '../aws/target.js';
import type { NodeGroup } from '../config/index.js';
import type { BuildSummary } from './parse.js';
import type { PackerIo } from './run.js';

export interface ImageBuildInput {
  node: NodeGroup;
  /** The folder of nodes.json (packer runs there). */
  dir: string;
  /** The template, relative to `dir` (e.g. `packer/web.json`). */
  template: string;
}

/** Builds one group's image and resolves with what the build produced; throws a HangarError when it fails. */
export type ImageBuilder = (input: ImageBuildInput, io: PackerIo) => Promise<BuildSummary>;

/** The real builder: `packer build -machine-readable`, pointed at the target's endpoint when it has one. */
export function packerBuilder(aws: AwsTarget): ImageBuilder {
  return async (input, io) => {
    const { buildPackerCommand } = await import('./command.js');
    const { runPacker } = await import('./run.js');
    const command = buildPackerCommand({ template: input.template, cwd: input.dir, endpoint: aws.endpoint });
    io.emit.step(`packer build ${input.template}`, io.scope);
    return runPacker(command, io);
  };
}
