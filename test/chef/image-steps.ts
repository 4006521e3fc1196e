// Replays a generated packer template's chef steps (shell + file provisioners) on this machine, with every node path under a temp root.
import { cpSync, existsSync } from 'node:fs';
import { execa } from 'execa';
import { IMAGE_STAGE } from '../../src/chef/index.js';

interface Provisioner {
  type: string;
  inline?: string[];
  environment_vars?: string[];
  source?: string;
  destination?: string;
  execute_command?: string;
}

/** Runs the template's shell and file provisioners in order (not chef-solo: packer's own copy); the staging folder moves to `stage`. */
export async function replayImageSteps(template: string, projectDir: string, stage: string): Promise<string[]> {
  const provisioners = (JSON.parse(template) as { provisioners: Provisioner[] }).provisioners;
  const output: string[] = [];
  const local = (path: string) => (path.startsWith(IMAGE_STAGE) ? stage + path.slice(IMAGE_STAGE.length) : path);
  for (const step of provisioners) {
    if (step.type === 'file') {
      // A source ending in `/`: its contents go into the destination, which must exist (packer's rule: the stage step made it).
      if (!existsSync(local(step.destination!))) throw new Error(`file provisioner: ${step.destination} does not exist on the build instance`);
      cpSync(`${projectDir}/${step.source!}`, local(step.destination!), { recursive: true });
    } else if (step.type === 'shell') {
      const env = Object.fromEntries((step.environment_vars ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), local(kv.slice(kv.indexOf('=') + 1))]));
      const result = await execa('sh', ['-c', step.inline!.join('\n')], { env, extendEnv: true, reject: false, all: true });
      output.push(result.all ?? '');
      if (result.exitCode !== 0) throw new Error(`image step failed (${result.exitCode}): ${result.all}`);
    }
  }
  return output;
}
