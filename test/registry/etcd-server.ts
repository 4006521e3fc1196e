// Starts a real etcd (or a cluster of them) on free loopback ports with temp data dirs; stops one by PID, restarts it on the same ports, or wipes its data.
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ResultPromise, execa } from 'execa';
import { freePort, waitForPort } from '../helpers/net.js';

export interface EtcdServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
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

/** `etcdctl endpoint status` of each member: its hex id and whether it leads now. */
async function memberStatus(members: readonly EtcdMember[]): Promise<{ member: EtcdMember; id: string; leader: boolean }[]> {
  const up = members.filter((m) => m.running());
  const { stdout } = await execa('etcdctl', ['--endpoints', up.map((m) => m.endpoint).join(','), 'endpoint', 'status', '-w', 'simple']);
  // `http://127.0.0.1:PORT, 8e9e05c52164694d, 3.4.23, 20 kB, true, false, 2, 8, 8, `
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [endpoint, id, , , leader] = line.split(', ');
      const member = up.find((m) => m.endpoint === endpoint);
      if (!member || !id) throw new Error(`unexpected etcdctl line: ${line}`);
      return { member, id, leader: leader === 'true' };
    });
}

/** The member that leads the cluster now. */
export async function findLeader(members: readonly EtcdMember[]): Promise<EtcdMember> {
  const leader = (await memberStatus(members)).find((s) => s.leader);
  if (!leader) throw new Error('no leader yet');
  return leader.member;
}

/** Makes `target` the leader (etcdctl move-leader, sent to the current leader). */
export async function moveLeader(members: readonly EtcdMember[], target: EtcdMember): Promise<void> {
  const statuses = await memberStatus(members);
  const leader = statuses.find((s) => s.leader);
  const to = statuses.find((s) => s.member === target);
  if (!leader || !to) throw new Error('no leader, or the target is down');
  if (leader.member !== target) await execa('etcdctl', ['--endpoints', leader.member.endpoint, 'move-leader', to.id]);
}

/** The local ports a process has open TCP connections to (from /proc: no ss or lsof needed). */
export function connectedPorts(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const line of readFileSync(`/proc/${pid}/net/tcp`, 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st ... inode (field 9); state 01 = ESTABLISHED
    if (fields.length > 9 && fields[3] === '01' && inodes.has(fields[9]!)) ports.add(Number.parseInt(fields[2]!.split(':')[1]!, 16));
  }
  return [...ports];
}

async function startMembersOnce(size: number, options: { tls?: EtcdTls }): Promise<EtcdMember[]> {
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
          '--name',
          name,
          '--data-dir',
          join(dir, 'data'),
          '--listen-client-urls',
          `${scheme}://127.0.0.1:${port}`,
          '--advertise-client-urls',
          `${scheme}://127.0.0.1:${port}`,
          '--listen-peer-urls',
          `http://127.0.0.1:${peer}`,
          '--initial-advertise-peer-urls',
          `http://127.0.0.1:${peer}`,
          '--initial-cluster',
          cluster,
          '--initial-cluster-token',
          `hangar-${ports[0]!.peer}`,
          // Short raft timings: a new leader within a second of the old one dying.
          '--heartbeat-interval',
          '50',
          '--election-timeout',
          '500',
          '--log-level',
          'error',
          ...tlsArgs,
        ],
        { reject: false, stdio: 'ignore' },
      );
      // An etcd that exits (its port taken meanwhile) fails the start at once instead of after the port wait.
      const exited = child.then((result) => {
        throw new Error(`etcd ${name} exited (${result.exitCode ?? result.signal}) before listening on ${port}`);
      });
      exited.catch(() => undefined);
      await Promise.race([waitForPort(port), exited]);
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
      running: () => child !== undefined,
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
  try {
    await Promise.all(members.map((member) => member.start()));
  } catch (error) {
    await Promise.all(members.map((member) => member.cleanup().catch(() => undefined)));
    throw error;
  }
  return members;
}

/**
 * Starts the members; a start that does not come up (a port taken between freePort and etcd binding it,
 * when other tests run alongside) is tried again on fresh ports, at most three times.
 */
async function startMembers(size: number, options: { tls?: EtcdTls }): Promise<EtcdMember[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startMembersOnce(size, options);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
