// What the deploy tests over a real sshd share: a plan pointed at the sshd, a reset of its fake chef-solo's runs, an event collector.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { DeployPlan } from '../../../src/deploy/deploy-hosts.js';
import type { DeployTarget } from '../../../src/deploy/fan-out.js';
import { type JobEvent, createEmitter } from '../../../src/jobs/events.js';
import type { Sshd } from './sshd.js';

/** A plan that provisions `targets` through `sshd` (known_hosts in its temp folder: ~/.ssh/known_hosts is never written), 2 at a time. */
export function planOver(sshd: Sshd, targets: DeployTarget[], extra: Partial<DeployPlan> = {}): DeployPlan {
  return {
    targets,
    ssh: { key: sshd.clientKey, port: sshd.port, connectTimeout: 5, knownHosts: `${sshd.dir}/known_hosts` },
    remoteCommand: `${sshd.chefSolo} -j /etc/chef/dna.json`,
    concurrency: 2,
    simulated: false,
    ...extra,
  };
}

/** Resets the fake chef-solo's run counter, its log and the planned failures between tests. */
export function resetRuns(sshd: Sshd): void {
  rmSync(`${sshd.dir}/seq`, { recursive: true, force: true });
  mkdirSync(`${sshd.dir}/seq`);
  writeFileSync(sshd.runsLog, '');
  for (const f of readdirSync(sshd.dir)) if (f.startsWith('fail-')) rmSync(`${sshd.dir}/${f}`);
}

/** An emitter that keeps every event. */
export function collectEvents() {
  const events: JobEvent[] = [];
  return { events, emit: createEmitter((e) => events.push(e)) };
}
