// Locks in a real etcd: one holder, named to the next and listed for the workbench; release frees; an unknown value is "unknown holder".
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdLockBackend } from '../../src/locks/etcd-lock.js';
import { describeHolder, newHolder } from '../../src/locks/holder.js';
import { haveBinaries } from '../helpers/binaries.js';
import { type EtcdServer, startEtcd } from '../registry/etcd-server.js';

const enabled = haveBinaries('etcd');

describe.skipIf(!enabled)('EtcdLockBackend', () => {
  let server: EtcdServer;
  const connection = () => ({ endpoints: [server.endpoint], prefix: '/t', ttl: 5 });
  beforeAll(async () => {
    server = await startEtcd();
  });
  afterAll(async () => server?.cleanup());

  it('takes a free lock under a lease; a second taker gets the holder; list shows it; release frees it', async () => {
    const a = new EtcdLockBackend(connection());
    const b = new EtcdLockBackend(connection());
    try {
      const first = await a.tryLock('web', newHolder('autoscale:update', ['web']));
      expect(first.ok).toBe(true);
      const second = await b.tryLock('web', newHolder('packer:clean', ['web']));
      expect(second.ok).toBe(false);
      if (second.ok || !first.ok) return;
      expect(describeHolder(second.holder)).toMatch(/^\S+@\S+ pid \d+ \(autoscale:update, since .+Z\)$/);
      expect((await b.list()).map((h) => [h.action, h.groups])).toEqual([['autoscale:update', ['web']]]);
      const client = new Etcd3({ hosts: server.endpoint });
      try {
        const lease = await client.get('/t/locks/web').exec();
        expect(Number(lease.kvs[0]!.lease)).toBeGreaterThan(0);
      } finally {
        client.close();
      }
      await first.lock.release();
      expect((await b.tryLock('web', newHolder('packer:clean', ['web']))).ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a value that is not a holder is held by "an unknown holder" (never taken over while its key lives)', async () => {
    const client = new Etcd3({ hosts: server.endpoint });
    const backend = new EtcdLockBackend(connection());
    try {
      await client.put('/t/locks/odd').value('not json');
      const tried = await backend.tryLock('odd', newHolder('x', ['odd']));
      expect(tried.ok).toBe(false);
      if (!tried.ok) expect(describeHolder(tried.holder)).toContain('unknown holder');
    } finally {
      client.close();
      await backend.close();
    }
  });
});
