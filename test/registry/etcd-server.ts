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

export async function startEtcd(): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-etcd-'));
  const port = await freePort();
  const peer = await freePort();
  let child: ResultPromise | undefined;
  const start = async () => {
    child = execa(
      'etcd',
      [
        '--name', 't', '--data-dir', join(dir, 'data'),
        '--listen-client-urls', `http://127.0.0.1:${port}`, '--advertise-client-urls', `http://127.0.0.1:${port}`,
        '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
        '--initial-cluster', `t=http://127.0.0.1:${peer}`, '--log-level', 'error',
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
    endpoint: `http://127.0.0.1:${port}`,
    port,
    start,
    stop,
    cleanup: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
