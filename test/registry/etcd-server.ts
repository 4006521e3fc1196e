// Starts a real etcd (or a cluster of them) on free loopback ports with temp data dirs; stops one by PID, restarts it on the same ports, or wipes its data.
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
  /** Stops it, deletes its data and starts it again, empty (a registry recreated or restored from nothing). */
  wipe(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface EtcdMember extends EtcdServer {
  name: string;
}

/** TLS files for the client port: etcd then serves https and requires a client certificate signed by `ca`. */
export interface EtcdTls {
  ca: string;
  cert: string;
  key: string;
}

export async function startEtcd(options: { tls?: EtcdTls } = {}): Promise<EtcdServer> {
  const [member] = await startMembers(1, options);
  return member!;
}

/** `size` members on loopback ports forming one cluster; every one is started before this resolves. */
export function startEtcdCluster(size: number): Promise<EtcdMember[]> {
  return startMembers(size, {});
}

/** The endpoint of the member that is the cluster's leader now (etcdctl endpoint status). */
export async function findLeader(members: readonly EtcdMember[]): Promise<EtcdMember> {
  const { stdout } = await execa('etcdctl', ['--endpoints', members.map((m) => m.endpoint).join(','), 'endpoint', 'status', '-w', 'json']);
  const statuses = JSON.parse(stdout) as { Endpoint: string; Status: { header: { member_id: number }; leader: number } }[];
  const leader = statuses.find((s) => s.Status.header.member_id === s.Status.leader);
  const member = members.find((m) => m.endpoint === leader?.Endpoint);
  if (!member) throw new Error(`no leader among ${stdout}`);
  return member;
}

async function startMembers(size: number, options: { tls?: EtcdTls }): Promise<EtcdMember[]> {
  const scheme = options.tls ? 'https' : 'http';
  const tlsArgs = options.tls
    ? ['--cert-file', options.tls.cert, '--key-file', options.tls.key, '--trusted-ca-file', options.tls.ca, '--client-cert-auth']
    : [];
  const ports: { name: string; client: number; peer: number }[] = [];
  for (let i = 0; i < size; i++) ports.push({ name: `m${i}`, client: await freePort(), peer: await freePort() });
  const cluster = ports.map((p) => `${p.name}=http://127.0.0.1:${p.peer}`).join(',');
  const members = ports.map(({ name, client: port, peer }): EtcdMember => {
    const dir = mkdtempSync(join(tmpdir(), 'hangar-etcd-'));
    let child: ResultPromise | undefined;
    const start = async () => {
      child = execa(
        'etcd',
        [
          '--name', name, '--data-dir', join(dir, 'data'),
          '--listen-client-urls', `${scheme}://127.0.0.1:${port}`, '--advertise-client-urls', `${scheme}://127.0.0.1:${port}`,
          '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
          '--initial-cluster', cluster, '--initial-cluster-token', `hangar-${ports[0]!.peer}`,
          // Short raft timings: a new leader within a second of the old one dying.
          '--heartbeat-interval', '50', '--election-timeout', '500', '--log-level', 'error', ...tlsArgs,
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
    return {
      name,
      endpoint: `${scheme}://127.0.0.1:${port}`,
      port,
      start,
      stop,
      wipe: async () => {
        await stop();
        rmSync(join(dir, 'data'), { recursive: true, force: true });
        await start();
      },
      cleanup: async () => {
        await stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  });
  await Promise.all(members.map((member) => member.start()));
  return members;
}
