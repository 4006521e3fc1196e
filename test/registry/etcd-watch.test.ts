// The etcd watch cut off from etcd (a TCP relay that drops): it says so, comes back, and reads everything again when etcd compacted the history it needed.
import { type Server, type Socket, connect, createServer } from 'node:net';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdRegistry } from '../../src/registry/etcd.js';
import type { RegistryEvent, RegistryState } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort, waitUntil } from '../helpers/net.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

/** A TCP relay 127.0.0.1:port -> target that can be cut (every connection dropped, nothing accepted) and opened again. */
async function startRelay(target: number): Promise<{ port: number; cut: () => Promise<void>; open: () => Promise<void>; close: () => Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await open();
  return { port, cut, open, close: cut };
}

describe.skipIf(!haveBinaries('etcd'))('etcd watch through outages (real etcd)', () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterAll(async () => etcd?.cleanup());

  it('cut off while etcd compacts past it: says unreachable, then back with the whole map (history compacted), and carries on', async () => {
    const relay = await startRelay(etcd.port);
    const writer = new Etcd3({ hosts: etcd.endpoint });
    const registry = new EtcdRegistry({ endpoints: [`http://127.0.0.1:${relay.port}`], prefix: '/w1', ttl: 10 });
    const value = (host: string) => JSON.stringify({ host, port: 80, group: 'g', status: 'up', since: '' });
    try {
      await writer.put('/w1/services/www/i-old').value(value('10.0.0.1'));
      const start = await registry.list();
      const events: RegistryEvent[] = [];
      const states: RegistryState[] = [];
      const stop = await registry.watch(
        start.revision,
        (event) => events.push(event),
        undefined,
        (state) => states.push(state),
      );
      await writer.put('/w1/services/www/i-1').value(value('10.0.0.2'));
      await waitUntil(() => events.length === 1, 5_000, 'first event');

      await relay.cut();
      await waitUntil(() => states.some((s) => s.type === 'unreachable'), 5_000, 'unreachable said');
      // Meanwhile: changes, then a compaction past everything the watch has seen.
      await writer.delete().key('/w1/services/www/i-old').exec();
      const put = await writer.put('/w1/services/www/i-2').value(value('10.0.0.3')).exec();
      await writer.kv.compact({ revision: put.header.revision, physical: true });
      await relay.open();

      const back = await waitUntil(() => states.find((s) => s.type === 'back'), 20_000, `back: ${JSON.stringify(states)}`);
      expect(back.type === 'back' && back.resynced?.why).toBe('history compacted');
      expect(back.type === 'back' && back.resynced?.entries.map((e) => e.instance)).toEqual(['i-1', 'i-2']);
      expect(back.type === 'back' && back.downMs).toBeGreaterThan(0);
      // One line's worth each: gone once, back once (retries in between are not said).
      expect(states.filter((s) => s.type !== 'retrying').map((s) => s.type)).toEqual(['unreachable', 'back']);
      // And it follows what comes next.
      await writer.put('/w1/services/www/i-3').value(value('10.0.0.4'));
      await waitUntil(() => events.some((e) => e.type === 'put' && e.entry.instance === 'i-3'), 10_000, 'an event after the resync');
      stop();
    } finally {
      await registry.close();
      writer.close();
      await relay.close();
    }
  }, 40_000);

  it('a consumer that throws (on an event, on a state) does not stop the watch; each failure is warned', async () => {
    const warnings: string[] = [];
    const writer = new Etcd3({ hosts: etcd.endpoint });
    const registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/w2', ttl: 10 }, { warn: (m) => warnings.push(m) });
    const value = JSON.stringify({ host: '10.0.0.1', port: 80 });
    try {
      const seen: string[] = [];
      const stop = await registry.watch((await registry.list()).revision, (event) => {
        seen.push(event.type === 'put' ? event.entry.instance : event.instance);
        if (seen.length === 1) throw new TypeError('consumer bug');
      });
      for (const instance of ['i-1', 'i-2', 'i-3']) await writer.put(`/w2/services/www/${instance}`).value(value);
      await waitUntil(() => seen.length === 3, 5_000, 'all three events');
      expect(seen).toEqual(['i-1', 'i-2', 'i-3']);
      expect(warnings).toEqual([expect.stringMatching(/^registry watch: handling put \(rev \d+\) failed: consumer bug$/)]);
      stop();
    } finally {
      await registry.close();
      writer.close();
    }
  });
});
