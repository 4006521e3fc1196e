// The memory and etcd backends behave the same: register/list/watch from a revision, leases, setStatus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdRegistry } from '../../src/registry/etcd.js';
import { MemoryRegistry } from '../../src/registry/memory.js';
import type { Registry, RegistryEvent, ServiceEntry } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

const entry = (service: string, instance: string, port = 8000): ServiceEntry => ({
  service,
  instance,
  host: '127.0.0.1',
  port,
  group: 'g',
  status: 'up',
  since: '2026-01-01T00:00:00.000Z',
});

function contract(name: string, make: () => Promise<Registry>) {
  describe(name, () => {
    let registry: Registry;
    beforeAll(async () => {
      registry = await make();
    });
    afterAll(async () => {
      await registry?.close();
    });

    it('registers, lists, and watches every later change exactly once, in order', async () => {
      const first = await registry.register([entry('www', 'i-1', 8080), entry('api', 'i-1', 8100)]);
      const snap = await registry.list();
      expect(snap.entries.map((e) => `${e.service}/${e.instance}:${e.port}`)).toEqual(['api/i-1:8100', 'www/i-1:8080']);
      expect((await registry.list('www')).entries).toHaveLength(1);

      // Changes made before the watch starts are replayed from the revision.
      const second = await registry.register([entry('www', 'i-2', 8081)]);
      const events: RegistryEvent[] = [];
      const stop = await registry.watch(snap.revision, (event) => events.push(event));
      await registry.setStatus('i-1', 'draining');
      await registry.deregister('api', 'i-1');
      await second.release();
      await waitUntil(() => events.length >= 5, 5_000, '5 events');
      const summary = events.map((e) =>
        e.type === 'put' ? `put ${e.entry.service}/${e.entry.instance} ${e.entry.status}` : `delete ${e.service}/${e.instance}`,
      );
      expect(summary.slice(0, 2)).toEqual(['put www/i-2 up', expect.stringMatching(/put (www|api)\/i-1 draining/)]);
      expect(summary.slice(-2)).toEqual(['delete api/i-1', 'delete www/i-2']);
      expect(summary).toHaveLength(5);
      const revisions = events.map((e) => e.revision);
      expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
      expect(new Set(revisions).size).toBe(revisions.length);
      stop();
      const after = await registry.list();
      expect(after.entries.map((e) => `${e.service}/${e.instance} ${e.status}`)).toEqual(['www/i-1 draining']);
      await first.release();
      expect((await registry.list()).entries).toEqual([]);
    });

    it('a drain mark sticks: registering the instance again stores draining; setStatus up clears it; list and watch agree', async () => {
      const start = await registry.list();
      const events: RegistryEvent[] = [];
      const stop = await registry.watch(start.revision, (event) => events.push(event));
      // One registration per service, as the agent's keepers do (a revoked lease deletes its keys in one revision).
      const registerBoth = () => Promise.all([registry.register([entry('www', 'i-7', 8080)]), registry.register([entry('api', 'i-7', 8100)])]);
      const agent = await registerBoth();
      await registry.setStatus('i-7', 'draining');
      // The agent loses its leases (or restarts) and registers again, with status up as always.
      for (const held of agent) await held.release();
      const again = await registerBoth();
      expect(again.map((held) => held.draining)).toEqual([true, true]);
      expect(agent.map((held) => held.draining)).toEqual([false, false]);
      const statuses = async () => (await registry.list()).entries.filter((e) => e.instance === 'i-7').map((e) => `${e.service} ${e.status}`);
      expect(await statuses()).toEqual(['api draining', 'www draining']);
      // Marked before the node registered at all: it registers draining too.
      await registry.setStatus('i-8', 'draining');
      const late = await registry.register([entry('www', 'i-8', 8081)]);
      expect((await registry.list('www')).entries.find((e) => e.instance === 'i-8')?.status).toBe('draining');
      await registry.setStatus('i-7', 'up');
      expect(await statuses()).toEqual(['api up', 'www up']);
      for (const held of again) await held.release();
      const third = await registry.register([entry('www', 'i-7', 8080)]);
      expect(third.draining).toBe(false);
      expect(await statuses()).toEqual(['www up']);
      await third.release();
      await late.release();
      // 2 puts, 2 draining, 2 deletes, 2 puts (draining), 1 put i-8, 2 up, 2 deletes, 1 put, 1 delete, 1 delete i-8.
      await waitUntil(() => events.length >= 16, 5_000, '16 events');
      stop();
      const summary = events.map((e) =>
        e.type === 'put' ? `put ${e.entry.service}/${e.entry.instance} ${e.entry.status}` : `delete ${e.service}/${e.instance}`,
      );
      expect(summary).toHaveLength(16);
      expect(summary.slice(6, 8).sort()).toEqual(['put api/i-7 draining', 'put www/i-7 draining']);
      expect(summary[8]).toBe('put www/i-8 draining');
      expect(summary.slice(9, 11).sort()).toEqual(['put api/i-7 up', 'put www/i-7 up']);
      const revisions = events.map((e) => e.revision);
      expect(new Set(revisions).size).toBe(revisions.length);
      expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
      expect((await registry.list()).entries.filter((e) => e.instance === 'i-7' || e.instance === 'i-8')).toEqual([]);
    });
  });
}

contract('memory registry', async () => new MemoryRegistry());

const haveEtcd = haveBinaries('etcd');
describe.skipIf(!haveEtcd)('etcd registry (real etcd)', () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => {
    await etcd?.cleanup();
  });
  contract('etcd', async () => new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/hangar', ttl: 10 }));

  it('a watch survives an etcd restart with no missed or doubled event, and replays a long history exactly once', async () => {
    const registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/t3', ttl: 10 });
    const writer = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/t3', ttl: 10 });
    try {
      const start = await registry.list();
      // 300 changes before the watch starts: it has to catch up through all of them.
      for (let i = 0; i < 150; i++) await (await writer.register([entry('www', `i-${i % 7}`, 8000 + i)])).release();
      const events: RegistryEvent[] = [];
      const stop = await registry.watch(start.revision, (event) => events.push(event));
      await waitUntil(() => events.length >= 300, 10_000, 'history replayed');
      await etcd.stop();
      await etcd.start();
      // The client's circuit breaker may refuse calls for a few seconds after the outage: retry until etcd answers.
      await waitUntil(
        () =>
          writer.list().then(
            () => true,
            () => false,
          ),
        20_000,
        'etcd answering again',
      );
      for (let i = 0; i < 5; i++) await (await writer.register([entry('api', `i-${i}`, 9000 + i)])).release();
      await waitUntil(() => events.length >= 310, 20_000, 'events after the restart');
      const revisions = events.map((event) => event.revision);
      expect(new Set(revisions).size).toBe(revisions.length);
      expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
      expect(events.filter((event) => event.type === 'put' && event.entry.service === 'api')).toHaveLength(5);
      expect(events.filter((event) => event.type === 'delete' && event.service === 'api')).toHaveLength(5);
      stop();
    } finally {
      await registry.close();
      await writer.close();
    }
  });

  it('a drain mark expires with its own lease (nobody keeps it alive); registrations after that are up', async () => {
    const { Etcd3 } = await import('etcd3');
    const raw = new Etcd3({ hosts: etcd.endpoint });
    const registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/t4', ttl: 10 }, { drainMarkTtl: 2 });
    try {
      await registry.setStatus('i-gone', 'draining');
      expect(await raw.get('/t4/draining/i-gone').string()).toMatch(/"since":"/);
      const first = await registry.register([entry('www', 'i-gone')]);
      expect(first.draining).toBe(true);
      await first.release();
      await waitUntil(async () => (await raw.get('/t4/draining/i-gone').string()) === null, 8_000, 'mark expiry');
      const later = await registry.register([entry('www', 'i-gone')]);
      expect(later.draining).toBe(false);
      expect((await registry.list()).entries.map((e) => e.status)).toEqual(['up']);
      await later.release();
    } finally {
      raw.close();
      await registry.close();
    }
  });

  it('a lease that is not kept alive expires: its entries disappear by themselves', async () => {
    const { Etcd3 } = await import('etcd3');
    const raw = new Etcd3({ hosts: etcd.endpoint });
    const registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/t2', ttl: 2 });
    try {
      const lease = raw.lease(2, { autoKeepAlive: false });
      await lease.put('/t2/services/www/i-dead').value(JSON.stringify({ ...entry('www', 'i-dead'), service: undefined }));
      expect((await registry.list()).entries.map((e) => e.instance)).toEqual(['i-dead']);
      const started = Date.now();
      await waitUntil(async () => (await registry.list()).entries.length === 0, 8_000, 'lease expiry');
      expect(Date.now() - started).toBeLessThan(6_000);
      // A kept-alive registration outlives several TTLs.
      const held = await registry.register([entry('www', 'i-live')], { ttl: 1 });
      const until = Date.now() + 2_500;
      await waitUntil(() => Date.now() > until, 4_000, 'three TTLs');
      expect((await registry.list()).entries.map((e) => e.instance)).toEqual(['i-live']);
      await held.release();
      expect((await registry.list()).entries).toEqual([]);
    } finally {
      raw.close();
      await registry.close();
    }
  });
});
