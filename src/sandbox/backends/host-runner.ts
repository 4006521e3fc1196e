// A simulated provision run for the sandbox: what a real run would get (repo shipped, the command), then a chef-solo-like log.
import type { TargetSync } from '../../deploy/fan-out.js';
import type { HostRunner } from '../../deploy/deploy-hosts.js';
import type { Runner } from '../../deploy/runner.js';
import { sleep } from '../../timing/sleep.js';
import { formatCount } from '../../format/plural.js';

/** What a chef-solo run prints, shortened. */
const LINES = [
  'Starting Chef Infra Client, version 18.3.0 (simulated)',
  'resolving cookbooks for run list: ["role[%role%]"]',
  'Synchronizing Cookbooks: apt, seatgeek, seatgeek-service',
  'Compiling Cookbooks...',
  'Converging 12 resources',
  '  * apt_update[periodic] action periodic (up to date)',
  '  * template[/etc/hangar/services.json] action create (up to date)',
  'Running handlers complete',
  'Chef Infra Client finished, 0/12 resources updated in 00 seconds (simulated)',
];

/** Options of a simulated run: the role shown in the log and the pause between lines. */
export interface SimulateOptions {
  role: string;
  /** The chef repo the real run would ship first: the simulation asks for it as a node would and checks it. */
  sync?: TargetSync | undefined;
  /** The provision command the real run would start. */
  command?: string | undefined;
  stepMs?: number;
}

/** A runner that ignores the command object and prints a chef-like log instead; always succeeds unless cancelled. */
export function simulatedRunner(options: SimulateOptions): Runner {
  const stepMs = options.stepMs ?? 60;
  return async (_command, run) => {
    const started = Date.now();
    const sync = options.sync;
    if (!(await sleep(0, run.signal))) return { status: 'cancelled', exitCode: undefined, durationMs: 0, reason: 'cancelled before it started' };
    if (sync) {
      // The same conversation as over ssh: the node has no copy, so it asks for the tar.
      const tar = run.converse?.('hangar-sync: send none');
      const complete = Buffer.isBuffer(tar) && tar.length >= 1024 && tar.subarray(-1024).every((b) => b === 0) && tar.includes(`${sync.bundle.bundleHash}\n`);
      if (!complete) return { status: 'failed', exitCode: 97, durationMs: Date.now() - started, reason: 'simulated: the chef repo bundle was not sent whole' };
      run.onLine(
        `simulated: received the chef repo ${sync.bundle.repoHash} (${formatCount(sync.bundle.files, 'file')} + dna.json and solo.rb, ${tar.length} bytes) into ${sync.repoPath}/current; dna.json and solo.rb into ${sync.configPath}`,
      );
      run.converse?.(`hangar-sync: updated ${sync.bundle.bundleHash}`);
    } else {
      run.onLine('simulated: no chef repo in the project: nothing shipped');
    }
    if (options.command) run.onLine(`simulated: would run ${options.command}`);
    for (const line of LINES) {
      const deadline = run.timeoutMs !== undefined && Date.now() - started + stepMs > run.timeoutMs;
      if (deadline) return { status: 'timeout', exitCode: undefined, durationMs: Date.now() - started, reason: 'simulated run timed out' };
      if (!(await sleep(stepMs, run.signal))) {
        return { status: 'cancelled', exitCode: undefined, durationMs: Date.now() - started, reason: 'cancelled while running' };
      }
      run.onLine(line.replace('%role%', options.role));
    }
    return { status: 'ok', exitCode: 0, durationMs: Date.now() - started };
  };
}

/** The sandbox's HostRunner: every host gets the simulation. */
export const simulatedHostRunner: HostRunner = (job) => simulatedRunner(job);
