// The sandbox's simulated provision run, and hosts without an address: no ssh at all.
import { describe, expect, it } from 'vitest';
import { deployHosts } from '../../src/deploy/deploy-hosts.js';
import { simulatedHostRunner, simulatedRunner } from '../../src/sandbox/backends/host-runner.js';
import { type JobEvent, createEmitter } from '../../src/jobs/events.js';

const plan = {
  ssh: { connectTimeout: 1, port: 1 },
  remoteCommand: 'sudo chef-solo -j /etc/chef/dna.json',
  concurrency: 3,
};

describe('simulated deploy', () => {
  it('prints a short chef-like log per host, labelled simulated, and succeeds', async () => {
    const events: JobEvent[] = [];
    const targets = ['i-a', 'i-b'].map((instanceId) => ({ instanceId, group: 'www', address: '127.0.0.1' }));
    const results = await deployHosts(
      { emit: createEmitter((e) => events.push(e)), signal: new AbortController().signal },
      { ...plan, targets, simulated: true, hostRunner: simulatedHostRunner },
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    const logs = events.filter((e) => e.type === 'log' && e.source === 'i-b').map((e) => (e as { message: string }).message);
    expect(logs.some((m) => m.includes('role[role-www]'))).toBe(true);
    expect(logs.some((m) => m.includes('(simulated)'))).toBe(true);
    expect((events[0] as { message: string }).message).toContain('simulated');
    const result = events.find((e) => e.type === 'result') as { data: { simulated: boolean }; text: string };
    expect(result.data.simulated).toBe(true);
    expect(result.text).toMatch(/2\/2 ok.*simulated/);
  });

  it('stops a simulated run on abort', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const pending = simulatedRunner({ role: 'r', stepMs: 50 })({ file: 'ssh', args: [], env: {} }, { signal: controller.signal, onLine: (l) => lines.push(l) });
    controller.abort();
    expect((await pending).status).toBe('cancelled');
    expect(lines).toEqual([]);
  });

  it('fails a host that has no address with a clear reason, without running ssh', async () => {
    const events: JobEvent[] = [];
    const error = await deployHosts(
      { emit: createEmitter((e) => events.push(e)), signal: new AbortController().signal },
      { ...plan, targets: [{ instanceId: 'i-x', group: 'www', address: undefined }], simulated: false, addressKind: 'public' },
    ).catch((e) => e);
    expect(error.code).toBe('deploy.failed');
    const rows = (events.find((e) => e.type === 'result') as { data: { hosts: { status: string; reason: string }[] } }).data.hosts;
    expect(rows[0]).toMatchObject({ status: 'error', reason: 'the instance has no public address (drop --public to use the private one)' });
  });
});
