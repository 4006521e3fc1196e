// The agent as a child process of the built CLI against a real etcd: leases, outages, debounce, decommission, status checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EtcdRegistry } from '../../src/registry/etcd.js';
import type { Registration, RegistryEvent, ServiceEntry } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type AgentProcess, startAgent, startStatusServer, writeDna, writeFakeProvision } from './agent-helpers.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

const entry = (service: string, instance: string, port: number): ServiceEntry => ({
  service,
  instance,
  host: '127.0.0.1',
  port,
  group: 'other',
  status: 'up',
  since: new Date().toISOString(),
});

describe.skipIf(!haveBinaries('etcd', 'etcdctl'))('hangar agent (real etcd, built CLI)', () => {
  let etcd: EtcdServer;
  let dir: string;
  let prefixCount = 0;
  const agents: AgentProcess[] = [];
  const registries: EtcdRegistry[] = [];

  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.cleanup();
  });
  afterEach(async () => {
    for (const agent of agents.splice(0)) {
      agent.kill('SIGKILL');
      await agent.exited;
    }
    for (const registry of registries.splice(0)) await registry.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh folder, prefix, dna and fake provision command for one test. */
  function setup(services: Record<string, { port: number; status?: string }>, dependsOn: string[] | null, ttl = 2) {
    dir = mkdtempSync(join(tmpdir(), 'hangar-agent-'));
    const prefix = `/t${++prefixCount}`;
    const dna = join(dir, 'dna.json');
    writeDna(dna, services, dependsOn, { registry: { prefix, ttl } });
    const fake = writeFakeProvision(dir, join(dir, 'services.json'));
    const registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix, ttl });
    registries.push(registry);
    const env = { HANGAR_ETCD_ENDPOINTS: etcd.endpoint, ETCDCTL_ENDPOINTS: etcd.endpoint, FAKE_INSTANCE: 'i-1', FAKE_PREFIX: prefix };
    const run = (...extra: string[]) => {
      const agent = startAgent(
        dir,
        [
          '--dna',
          dna,
          '--instance-id',
          'i-1',
          '--host',
          '127.0.0.1',
          '--command',
          fake.command,
          '--wait-min',
          '0.3',
          '--wait-max',
          '3',
          '--check-interval',
          '0.2',
          ...extra,
        ],
        env,
      );
      agents.push(agent);
      return agent;
    };
    const listed = async (service?: string) => (await registry.list(service)).entries.map((e) => `${e.service}/${e.instance}`);
    return { dna, prefix, fake, registry, run, listed, env };
  }

  it('registers its services; killed with SIGKILL, they disappear when the lease expires; SIGTERM deregisters at once', async () => {
    const t = setup({ 'api-workers': { port: 8100 }, www: { port: 8080 } }, ['www']);
    const agent = t.run();
    await waitUntil(async () => (await t.listed()).length === 2, 15_000, 'two services registered');
    expect(await t.listed()).toEqual(['api-workers/i-1', 'www/i-1']);
    const [first] = (await t.registry.list('www')).entries;
    expect(first).toMatchObject({ host: '127.0.0.1', port: 8080, group: 'g', status: 'up' });

    agent.kill('SIGKILL');
    await agent.exited;
    const killedAt = Date.now();
    expect((await t.listed()).length).toBe(2); // still there: the lease has not expired yet
    await waitUntil(async () => (await t.listed()).length === 0, 10_000, 'lease expiry after SIGKILL');
    const gone = Date.now() - killedAt;
    expect(gone).toBeLessThan(6_000); // TTL 2 s (etcd may add up to a few seconds)

    const second = t.run();
    await waitUntil(async () => (await t.listed()).length === 2, 15_000, 'registered again');
    second.kill('SIGTERM');
    const { exitCode } = await second.exited;
    expect(exitCode).toBe(0);
    expect(await t.listed()).toEqual([]); // gone at exit, not after the TTL
    expect(second.output()).toMatch(/deregistered/);
  });

  it('a service whose status endpoint fails is not registered; registered when it answers; deregistered when it keeps failing', async () => {
    const status = await startStatusServer();
    try {
      const t = setup({ www: { port: status.port, status: '/status' }, plain: { port: 9001 } }, []);
      const agent = t.run();
      await agent.waitFor(/www: waiting for http:\/\/127\.0\.0\.1:\d+\/status/);
      await waitUntil(async () => (await t.listed()).includes('plain/i-1'), 10_000, 'plain registered');
      // Several check periods later, www is still not registered.
      await agent.waitFor(/registered at 127\.0\.0\.1:9001/);
      const checksSeen = Date.now() + 1_000;
      await waitUntil(() => Date.now() > checksSeen, 2_000, 'five check periods');
      expect(await t.listed()).toEqual(['plain/i-1']);

      status.setStatus(200);
      await waitUntil(async () => (await t.listed()).includes('www/i-1'), 10_000, 'www registered once healthy');
      status.setStatus(500);
      await waitUntil(async () => !(await t.listed()).includes('www/i-1'), 10_000, 'www deregistered after failing');
      expect(agent.output()).toMatch(/failed 3 checks in a row: deregistering/);
      status.setStatus(204);
      await waitUntil(async () => (await t.listed()).includes('www/i-1'), 10_000, 'www registered again after recovering');
    } finally {
      await status.close();
    }
  });

  it('SIGTERM during start-up, while the first status check hangs: exits 0 at once, deregistering what was registered', async () => {
    const status = await startStatusServer();
    try {
      status.setStatus(0); // accepts the check and never answers (the check gives up after 2 s)
      const t = setup({ www: { port: status.port, status: '/status' }, plain: { port: 9001 } }, []);
      const agent = t.run();
      // Start-up is waiting on www's first check; plain (no status endpoint) is registered already.
      await waitUntil(async () => status.requests() > 0 && (await t.listed()).includes('plain/i-1'), 10_000, 'check in flight, plain registered');
      expect(agent.output()).not.toMatch(/waiting for http/); // the first check has not given up yet
      const killedAt = Date.now();
      agent.kill('SIGTERM');
      const { exitCode, signal } = await agent.exited;
      const took = Date.now() - killedAt;
      expect({ exitCode, signal }).toEqual({ exitCode: 0, signal: undefined });
      expect(took).toBeLessThan(1_500); // not after the 2 s check timeout, nor the TTL
      expect(await t.listed()).toEqual([]);
      expect(agent.output()).toMatch(/stopped during start-up: deregistering/);
      expect(status.requests()).toBe(1); // checks do not pile up behind a hanging one
    } finally {
      await status.close();
    }
  });

  it('SIGTERM while the metadata service does not answer yet: exits 0 at once, nothing registered', async () => {
    const imds = await startStatusServer();
    try {
      imds.setStatus(0); // the IMDSv2 token request hangs
      const t = setup({ plain: { port: 9001 } }, []);
      const agent = startAgent(dir, ['--dna', t.dna, '--command', t.fake.command], { ...t.env, HANGAR_IMDS_URL: `http://127.0.0.1:${imds.port}` });
      agents.push(agent);
      await waitUntil(() => imds.requests() > 0, 10_000, 'metadata request in flight');
      const killedAt = Date.now();
      agent.kill('SIGTERM');
      const { exitCode, signal } = await agent.exited;
      expect({ exitCode, signal }).toEqual({ exitCode: 0, signal: undefined });
      expect(Date.now() - killedAt).toBeLessThan(1_500); // before the 2 s metadata timeout
      expect(agent.output()).not.toMatch(/error|metadata service/);
      expect(await t.listed()).toEqual([]);
    } finally {
      await imds.close();
    }
  });

  it('50 changes within one second give exactly one provision run, which sees all of them', async () => {
    const t = setup({ www: { port: 8080 } }, ['api-workers']);
    const agent = t.run();
    // The first map (no api-workers yet) differs from the missing attributes file: one initial run.
    await waitUntil(() => t.fake.runs().length === 1, 10_000, 'initial provision run');
    expect(t.fake.runs()).toEqual(['-j dna.json hosts=0']);
    const held: Registration[] = [];
    const started = Date.now();
    for (let i = 0; i < 50; i++) held.push(await t.registry.register([entry('api-workers', `i-${100 + i}`, 9000 + i)]));
    expect(Date.now() - started).toBeLessThan(1_000);
    await waitUntil(() => t.fake.runs().length >= 2, 10_000, 'provision run after the burst');
    // The run saw all 50 instances: nothing was left for another run.
    expect(t.fake.runs()).toEqual(['-j dna.json hosts=0', '-j dna.json hosts=50']);
    const attributes = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8'));
    expect(attributes.services['api-workers']).toHaveLength(50);
    expect(Object.keys(attributes.services)).toEqual(['api-workers']); // www is not watched
    // A marker change: the next run is the third, so no run happened in between.
    held.push(await t.registry.register([entry('api-workers', 'i-999', 9999)]));
    await waitUntil(() => t.fake.runs().length >= 3, 10_000, 'run after the marker');
    expect(t.fake.runs()).toEqual(['-j dna.json hosts=0', '-j dna.json hosts=50', '-j dna.json hosts=51']);
    // Changes to a service the node does not depend on run nothing (checked by the next marker).
    held.push(await t.registry.register([entry('unrelated', 'i-5', 7000)]));
    await held.pop()!.release();
    await held.pop()!.release();
    await waitUntil(() => t.fake.runs().length >= 4, 10_000, 'run after the second marker');
    expect(t.fake.runs()[3]).toBe('-j dna.json hosts=50');
    expect(agent.output()).toMatch(/provisioned in/);
    for (const registration of held) await registration.release();
  });

  it('follows only the services it depends on; a dna that depends on another service reads that one at once', async () => {
    const t = setup({ www: { port: 8080 } }, ['api-workers']);
    const held = [await t.registry.register([entry('api-workers', 'i-2', 9000)]), await t.registry.register([entry('search', 'i-3', 9100)])];
    t.run();
    const attributes = () => JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8')).services;
    await waitUntil(() => t.fake.runs().length === 1, 10_000, 'initial provision run');
    expect(attributes()).toEqual({ 'api-workers': ['127.0.0.1:9000'] });
    // Registered before the switch, so only a fresh list (not the watch) can show it.
    writeDna(t.dna, { www: { port: 8080 } }, ['api-workers', 'search'], { registry: { prefix: t.prefix, ttl: 2 } });
    await waitUntil(() => t.fake.runs().length === 2, 10_000, 'a run after the dna change');
    expect(attributes()).toEqual({ 'api-workers': ['127.0.0.1:9000'], search: ['127.0.0.1:9100'] });
    // And it keeps following both.
    held.push(await t.registry.register([entry('search', 'i-4', 9101)]));
    await waitUntil(() => t.fake.runs().length === 3, 10_000, 'a run after the new search instance');
    expect(attributes().search).toEqual(['127.0.0.1:9100', '127.0.0.1:9101']);
    for (const registration of held) await registration.release();
  });

  it('a failed provision run is retried with backoff and logged', async () => {
    const t = setup({ www: { port: 8080 } }, null);
    const agent = startAgent(
      dir,
      ['--dna', t.dna, '--instance-id', 'i-1', '--host', '127.0.0.1', '--command', t.fake.command, '--wait-min', '0.1', '--wait-max', '1'],
      { ...t.env, FAKE_EXIT: '3' },
    );
    agents.push(agent);
    await waitUntil(() => t.fake.runs().length >= 3, 15_000, 'three attempts');
    expect(agent.output()).toMatch(/provisioning failed: .* exited 3; retrying in 1 s/);
    expect(agent.output()).toMatch(/retrying in 2 s/);
  });

  it('decommission: a service removed from the dna is deregistered before its delete recipe runs', async () => {
    const t = setup({ 'api-workers': { port: 8100 }, www: { port: 8080 } }, ['nothing']);
    const agent = t.run();
    await waitUntil(async () => (await t.listed()).length === 2, 15_000, 'both registered');
    await waitUntil(() => t.fake.runs().length === 1, 10_000, 'initial run');
    writeDna(t.dna, { 'api-workers': { port: 8100 } }, ['nothing'], { registry: { prefix: t.prefix, ttl: 2 } });
    await waitUntil(() => t.fake.runs().some((line) => line.includes('delete-www')), 15_000, 'delete recipe');
    const line = t.fake.runs().find((l) => l.includes('delete-www'))!;
    expect(line).toBe('-j dna.json -o recipe[seatgeek-service::delete-www] hosts=0 still_registered=0');
    expect(await t.listed()).toEqual(['api-workers/i-1']);
    expect(agent.output()).toMatch(/www: left the run list: decommissioning[\s\S]*www: deregistered; running[\s\S]*www: decommissioned/);
  });

  it('draining sticks: the agent re-registering after its lease is revoked, and a restarted agent, store draining; list and watch agree', async () => {
    const t = setup({ www: { port: 8080 }, api: { port: 8100 } }, []);
    const ctl = (...args: string[]) => execa('etcdctl', ['--endpoints', etcd.endpoint, ...args]);
    /** The lease holding a key, in etcdctl's hex (read from the JSON text: lease ids exceed 2^53). */
    const leaseOf = async (key: string) => BigInt(/"lease":(\d+)/.exec((await ctl('get', key, '-w', 'json')).stdout)?.[1] ?? '0').toString(16);
    const statuses = async () => (await t.registry.list()).entries.map((e) => `${e.service} ${e.status}`);
    const agent = t.run();
    await waitUntil(async () => (await t.listed()).length === 2, 15_000, 'both registered');
    const start = await t.registry.list();
    const events: RegistryEvent[] = [];
    const stopWatch = await t.registry.watch(start.revision, (event) => events.push(event));

    await t.registry.setStatus('i-1', 'draining');
    expect(await statuses()).toEqual(['api draining', 'www draining']);
    // The mark has its own lease, a day long, that nobody keeps alive.
    const markLease = await leaseOf(`${t.prefix}/draining/i-1`);
    expect(markLease).not.toBe('0');
    const ttl = Number(/remaining\((\d+)s\)/.exec((await ctl('lease', 'timetolive', markLease)).stdout)?.[1]);
    expect(ttl).toBeGreaterThan(86_000);

    // Revoke the agent's lease on www: etcd deletes the entry, the agent notices and registers it again.
    const wwwLease = await leaseOf(`${t.prefix}/services/www/i-1`);
    expect(wwwLease).not.toBe(await leaseOf(`${t.prefix}/services/api/i-1`));
    await ctl('lease', 'revoke', wwwLease);
    await agent.waitFor(/www: registered again at 127\.0\.0\.1:8080 \(draining: this instance is marked draining\)/, 15_000);
    await waitUntil(async () => (await t.listed()).length === 2, 10_000, 'www back');
    expect(await leaseOf(`${t.prefix}/services/www/i-1`)).not.toBe(wwwLease);
    expect(await statuses()).toEqual(['api draining', 'www draining']);

    // A restarted agent (SIGTERM deregisters, a new one registers) finds the mark too.
    agent.kill('SIGTERM');
    expect((await agent.exited).exitCode).toBe(0);
    expect(await t.listed()).toEqual([]);
    const second = t.run();
    await waitUntil(async () => (await t.listed()).length === 2, 15_000, 'registered by the new agent');
    expect(await statuses()).toEqual(['api draining', 'www draining']);
    await second.waitFor(/api: registered at .*; draining: this instance is marked draining\)/);

    // The watch saw every step once, in order, and ends where list() is.
    await waitUntil(() => events.length >= 8, 10_000, '8 events');
    expect(events).toHaveLength(8);
    stopWatch();
    const summary = events.map((e) => (e.type === 'put' ? `put ${e.entry.service} ${e.entry.status}` : `delete ${e.service}`));
    expect(summary.slice(0, 2).sort()).toEqual(['put api draining', 'put www draining']);
    expect(summary.slice(2, 4)).toEqual(['delete www', 'put www draining']);
    expect(summary.slice(4, 6).sort()).toEqual(['delete api', 'delete www']);
    expect(summary.slice(6).sort()).toEqual(['put api draining', 'put www draining']);
    expect(summary.filter((line) => line.endsWith(' up'))).toEqual([]);
    const revisions = events.map((e) => e.revision);
    expect(new Set(revisions).size).toBe(revisions.length);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    const watched = new Map<string, string>();
    for (const e of events) {
      if (e.type === 'put') watched.set(e.entry.service, e.entry.status);
      else watched.delete(e.service);
    }
    expect([...watched].map(([service, status]) => `${service} ${status}`).sort()).toEqual(await statuses());

    // Undrained: the entries go back up, and stay up when the agent registers again.
    await t.registry.setStatus('i-1', 'up');
    expect(await statuses()).toEqual(['api up', 'www up']);
    expect((await ctl('get', '--prefix', `${t.prefix}/draining/`, '--keys-only')).stdout.trim()).toBe('');
    await ctl('lease', 'revoke', await leaseOf(`${t.prefix}/services/api/i-1`));
    await second.waitFor(/api: registered again/, 15_000);
    await waitUntil(async () => (await t.listed()).length === 2, 10_000, 'api back');
    expect(await statuses()).toEqual(['api up', 'www up']);
  });

  it('survives etcd going away: keeps running, re-registers when etcd is back, a drain mark still applying', async () => {
    const t = setup({ www: { port: 8080 } }, null, 1);
    const agent = t.run();
    await waitUntil(async () => (await t.listed()).length === 1, 15_000, 'registered');
    await t.registry.setStatus('i-1', 'draining');
    // The agent's watch is live before etcd goes (a watch still connecting is re-attached by etcd3 unseen):
    // a change it watches makes it provision again.
    const runs = t.fake.runs().length;
    const probe = await t.registry.register([entry('probe', 'i-9', 9009)]);
    await waitUntil(() => t.fake.runs().length > runs, 15_000, 'the agent reacting to a change');
    await probe.release();
    await waitUntil(() => t.fake.runs().length > runs + 1, 15_000, 'the agent reacting to the probe going');
    await etcd.stop();
    await agent.waitFor(/lease lost|cannot register|registry watch/, 20_000);
    // Down until the agent noticed (its lease lost), then back on the same ports and data.
    await etcd.start();
    await agent.waitFor(/registered again/, 30_000);
    await waitUntil(async () => (await t.listed()).length === 1, 15_000, 're-registered');
    // Held by a live lease: still there three TTLs later.
    const until = Date.now() + 3_000;
    await waitUntil(() => Date.now() > until, 4_000, 'three TTLs');
    expect(await t.listed()).toEqual(['www/i-1']);
    // Registered again under a new lease, after an etcd restart, and still draining.
    expect((await t.registry.list()).entries.map((e) => e.status)).toEqual(['draining']);
    expect(process.kill(agent.pid, 0)).toBe(true);
    // The outage was said twice: once when it began, once when it ended, with its length.
    await agent.waitFor(/registry etcd \S+ back after \d+(\.\d)? s; resumed after revision \d+, no change missed/, 15_000);
    expect(agent.output().match(/registry etcd \S+ unreachable/g)).toHaveLength(1);
    expect(agent.output().match(/registry etcd \S+ back after/g)).toHaveLength(1);
  });
});
