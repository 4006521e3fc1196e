// etcd over TLS with client certificates (made with openssl): the CA, cert and key come from HANGAR_ETCD_CA/_CERT/_KEY.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/registry/open.js';
import type { RegistryEvent } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA. The server certificate is
 * for serverAuth and clientAuth, as etcd's JSON gateway presents it to etcd's own gRPC server under --client-cert-auth.
 */
async function makeCertificates(dir: string, serverUsage = 'serverAuth,clientAuth') {
  const ssl = (...args: string[]) => execa('openssl', args, { cwd: dir });
  await ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=hangar-test-ca', '-keyout', 'ca.key', '-out', 'ca.pem');
  writeFileSync(join(dir, 'server.ext'), `subjectAltName=IP:127.0.0.1\nextendedKeyUsage=${serverUsage}\n`);
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

/** Certificates in a temporary folder and an etcd with --client-cert-auth serving them, for the tests of one describe. */
function useTlsEtcd(serverUsage?: string) {
  const state = {} as { etcd: EtcdServer; dir: string; certs: Awaited<ReturnType<typeof makeCertificates>> };
  beforeAll(async () => {
    state.dir = mkdtempSync(join(tmpdir(), 'hangar-tls-'));
    state.certs = await makeCertificates(state.dir, serverUsage);
    state.etcd = await startEtcd({ tls: { ca: state.certs.ca, ...state.certs.server } });
  });
  afterAll(async () => {
    await state.etcd?.cleanup();
    if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** The environment of a client with the CA and the client certificate. */
function clientEnv(tls: ReturnType<typeof useTlsEtcd>) {
  const { etcd, certs } = tls;
  return { HANGAR_ETCD_ENDPOINTS: etcd.endpoint, HANGAR_ETCD_CA: certs.ca, HANGAR_ETCD_CERT: certs.client.cert, HANGAR_ETCD_KEY: certs.client.key };
}

describe.skipIf(!haveBinaries('etcd', 'openssl'))('etcd over TLS (real etcd, openssl certificates)', () => {
  const tls = useTlsEtcd();

  it('registers and lists with the CA and client certificate from the environment; without a client certificate it fails', async () => {
    expect(tls.etcd.endpoint).toMatch(/^https:/);
    const env = clientEnv(tls);
    const registry = (await openRegistry(undefined, { env }))!;
    try {
      expect(registry.description).toMatch(/^etcd 127\.0\.0\.1:\d+ \(tls\)$/);
      const start = await registry.list();
      const events: RegistryEvent[] = [];
      const stop = await registry.watch(start.revision, (event) => events.push(event));
      const held = await registry.register([{ service: 'www', instance: 'i-1', host: '127.0.0.1', port: 80, group: 'g', status: 'up', since: '' }]);
      expect((await registry.list()).entries.map((e) => e.instance)).toEqual(['i-1']);
      await held.release();
      // The watch streams over the same https connection settings: the put, then the delete of the release.
      await waitUntil(() => events.length >= 2, 5_000, 'the watch events over TLS');
      stop();
      expect(events.map((e) => `${e.type} ${e.type === 'put' ? e.entry.instance : e.instance}`)).toEqual(['put i-1', 'delete i-1']);
    } finally {
      await registry.close();
    }
    const noClientCert = (await openRegistry(undefined, { env: { HANGAR_ETCD_ENDPOINTS: tls.etcd.endpoint, HANGAR_ETCD_CA: tls.certs.ca } }))!;
    await expect(noClientCert.list()).rejects.toThrow(/cannot reach etcd/);
    await noClientCert.close();
  });
});

describe.skipIf(!haveBinaries('etcd', 'openssl'))('etcd over TLS with a server certificate for serverAuth only', () => {
  const tls = useTlsEtcd('serverAuth');

  it('fails with a hint that names the clientAuth usage etcd needs on its server certificate', async () => {
    const env = clientEnv(tls);
    const registry = (await openRegistry(undefined, { env }))!;
    try {
      // etcd's gateway presents this certificate to etcd's own gRPC server, which refuses it as a client certificate.
      const failure = await registry.list().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: 'registry.unreachable', hint: expect.stringMatching(/clientAuth/) });
      expect((failure as Error).message).toMatch(/cannot reach etcd 127\.0\.0\.1:\d+ \(tls\) while listing/);
    } finally {
      await registry.close();
    }
  });
});
