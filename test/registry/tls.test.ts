// etcd over TLS with client certificates (made with openssl): the CA, cert and key come from HANGAR_ETCD_CA/_CERT/_KEY.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/registry/open.js';
import { haveBinaries } from '../helpers/binaries.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

/** A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. */
async function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execa('openssl', args, { cwd: dir });
  await ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hangar-test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const name of ['server', 'client']) {
    await ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    await ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  }
  return {
    ca: join(dir, 'ca.pem'),
    server: { cert: join(dir, 'server.pem'), key: join(dir, 'server.key') },
    client: { cert: join(dir, 'client.pem'), key: join(dir, 'client.key') },
  };
}

describe.skipIf(!haveBinaries('etcd', 'openssl'))('etcd over TLS (real etcd, openssl certificates)', () => {
  let etcd: EtcdServer;
  let dir: string;
  let certs: Awaited<ReturnType<typeof makeCertificates>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hangar-tls-'));
    certs = await makeCertificates(dir);
    etcd = await startEtcd({ tls: { ca: certs.ca, ...certs.server } });
  });
  afterAll(async () => {
    await etcd?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('registers and lists with the CA and client certificate from the environment; without a client certificate it fails', async () => {
    expect(etcd.endpoint).toMatch(/^https:/);
    const env = { HANGAR_ETCD_ENDPOINTS: etcd.endpoint, HANGAR_ETCD_CA: certs.ca, HANGAR_ETCD_CERT: certs.client.cert, HANGAR_ETCD_KEY: certs.client.key };
    const registry = (await openRegistry(undefined, { env }))!;
    try {
      expect(registry.description).toMatch(/^etcd 127\.0\.0\.1:\d+ \(tls\)$/);
      const held = await registry.register([{ service: 'www', instance: 'i-1', host: '127.0.0.1', port: 80, group: 'g', status: 'up', since: '' }]);
      expect((await registry.list()).entries.map((e) => e.instance)).toEqual(['i-1']);
      await held.release();
    } finally {
      await registry.close();
    }
    const noClientCert = (await openRegistry(undefined, { env: { HANGAR_ETCD_ENDPOINTS: etcd.endpoint, HANGAR_ETCD_CA: certs.ca } }))!;
    await expect(noClientCert.list()).rejects.toThrow(/cannot reach etcd/);
    await noClientCert.close();
  });
});
