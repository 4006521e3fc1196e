// Starts a real etcd on free loopback ports with a temp data dir; stops it by PID (and can restart it on the same ports).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ResultPromise, execa } from 'execa';
import { freePort, waitForPort } from '../helpers/net.js';

export interface EtcdServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  cleanup(): Promise<void>;
}

/** TLS files for the client port: etcd then serves https and requires a client certificate signed by `ca`. */
export interface EtcdTls {
  ca: string;
  cert: string;
  key: string;
}

export async function startEtcd(options: { tls?: EtcdTls } = {}): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-etcd-'));
  const scheme = options.tls ? 'https' : 'http';
  const tlsArgs = options.tls
    ? ['--cert-file', options.tls.cert, '--key-file', options.tls.key, '--trusted-ca-file', options.tls.ca, '--client-cert-auth']
    : [];
  const port = await freePort();
  const peer = await freePort();
  let child: ResultPromise | undefined;
  const start = async () => {
    child = execa(
      'etcd',
      [
        '--name', 't', '--data-dir', join(dir, 'data'),
        '--listen-client-urls', `${scheme}://127.0.0.1:${port}`, '--advertise-client-urls', `${scheme}://127.0.0.1:${port}`,
        '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
        '--initial-cluster', `t=http://127.0.0.1:${peer}`, '--log-level', 'error', ...tlsArgs,
      ],
      { reject: false, stdio: 'ignore' },
    );
    await waitForPort(port);
  };
  const stop = async () => {
    if (!child?.pid) return;
    const running = child;
    child = undefined;
    process.kill(running.pid!, 'SIGKILL');
    await running;
  };
  await start();
  return {
    endpoint: `${scheme}://127.0.0.1:${port}`,
    port,
    start,
    stop,
    cleanup: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
