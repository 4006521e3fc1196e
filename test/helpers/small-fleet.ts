// The smallest fleet the sandbox rollout tests need: groups that autoscale (one instance, no services) on one base.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { hangar } from './project.js';

export const SMALL_BASE = {
  region: 'us-east-1',
  source_ami: 'ami-1ebb2077',
  instance_type: 'm1.large',
  ssh_username: 'ubuntu',
  availability_zones: ['us-east-1a'],
  run_list: ['recipe[base]'],
};

/** An autoscale block: 1-2 nodes, no health grace; `drain` and `timeout` in seconds. */
export const autoscaling = (drain: number, timeout = 20) => ({ node_min: 1, node_max: 2, timeout, drain_timeout: drain, health_check_grace: 0 });

/** Writes `dir/nodes.json`: SMALL_BASE and one autoscaling group per entry of `groups` (name -> drain seconds). */
export function writeSmallFleet(dir: string, groups: Record<string, number>, extra: { settings?: object; timeout?: number } = {}): void {
  const nodes: Record<string, unknown> = { ...(extra.settings ? { __settings__: extra.settings } : {}), __base__: SMALL_BASE };
  for (const [name, drain] of Object.entries(groups)) nodes[name] = { autoscale: autoscaling(drain, extra.timeout) };
  writeFileSync(join(dir, 'nodes.json'), JSON.stringify(nodes, null, 2));
}

/** The `base` cookbook SMALL_BASE's run list names: a simulated build checks that every recipe is in a cookbook. */
export function writeBaseCookbook(dir: string): void {
  mkdirSync(join(dir, 'cookbooks', 'base', 'recipes'), { recursive: true });
  writeFileSync(join(dir, 'cookbooks', 'base', 'recipes', 'default.rb'), '# base\n');
}

/** Runs `hangar --sandbox ...step` in `dir` for each step in turn; fails the test with the step and its stderr unless each exits 0. */
export async function runSandboxSteps(dir: string, steps: readonly string[][], env: Record<string, string>): Promise<void> {
  for (const step of steps) {
    const ran = await hangar(dir, ['--sandbox', ...step], env);
    expect(ran.exitCode, `${step.join(' ')}: ${ran.stderr}`).toBe(0);
  }
}

/** `group` built and running in the sandbox: the base cookbook, then role:create, packer:run and autoscale:run --wait. */
export async function launchSmallGroup(dir: string, group: string, env: Record<string, string>): Promise<void> {
  writeBaseCookbook(dir);
  await runSandboxSteps(
    dir,
    [
      ['role:create', group],
      ['packer:run', group],
      ['autoscale:run', group, '--wait'],
    ],
    env,
  );
}
