// Registry outages with an agent and service:watch running: a 3-member cluster losing its leader, and a single etcd losing its data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterEach, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { hangar, tempProject } from '../helpers/project.js';
import { type AgentProcess, startAgent, writeDna } from './agent-helpers.js';
import { type EtcdServer, connectedPorts, findLeader, moveLeader, startEtcd, startEtcdCluster } from './etcd-server.js';

/** The single etcd's lease TTL: the agent must be registered again within it after the wipe. */
const TTL = 4;
/** The cluster's: a leader election on a loaded 2-core machine takes a second or two; the lease must outlive it. */
const CLUSTER_TTL = 6;
const entry = (host: string, port: number) => JSON.stringify({ host, port, group: '12_04-www', status: 'up', since: new Date().toISOString() });
const agentKey = '/hangar/services/api-workers/i-agent';

/** Puts through `client`, retrying while the cluster has no leader (bounded). */
async function putRetrying(client: Etcd3, key: string, value: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await client.put(key).value(value).exec();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The lines service:watch printed for puts of `service`, as `instance@rev`. */
const putsOf = (out: string, service: string) =>
  [...out.matchAll(new RegExp(`^put ${service} (\\S+) \\S+ up \\[[^\\]]*\\] \\(rev (\\d+)\\)$`, 'gm'))].map((m) => ({ instance: m[1]!, rev: Number(m[2]) }));

interface Running {
  agent: AgentProcess;
  watch: ReturnType<typeof hangar>;
  watchOut: () => string;
  /** The agent's attributes file (services.json beside its dna), '' before it is written. */
  attributes: () => string;
  stop: () => Promise<void>;
}

async function startBoth(endpoints: string, ttl: number): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-outage-'));
  const project = tempProject();
  const env = { HANGAR_ETCD_ENDPOINTS: endpoints, AWS_EC2_METADATA_DISABLED: 'true' };
  writeDna(join(dir, 'dna.json'), { 'api-workers': { port: 8100 } }, null);
  const agent = startAgent(
    dir,
    [
      '--dna',
      join(dir, 'dna.json'),
      '--instance-id',
      'i-agent',
      '--host',
      '127.0.0.1',
      '--command',
      'true',
      '--ttl',
      String(ttl),
      '--wait-min',
      '0.05',
      '--wait-max',
      '0.2',
    ],
    env,
  );
  const watch = hangar(project.dir, ['service:watch'], env);
  let out = '';
  watch.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  watch.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  await agent.waitFor(/api-workers: registered at 127\.0\.0\.1:8100/);
  await waitUntil(() => /watching etcd/.test(out), 15_000, `service:watch started\n${out}`);
  return {
    agent,
    watch,
    watchOut: () => out,
    attributes: () => readSafely(join(dir, 'services.json')),
    stop: async () => {
      agent.kill('SIGTERM');
      watch.kill('SIGINT');
      await Promise.all([agent.exited, watch]);
      project.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every "unreachable" line has its "back after N s" line after it. */
function expectOutagesSaid(output: string): void {
  const gone = output.match(/registry etcd \S+ unreachable/g) ?? [];
  const back = output.match(/registry etcd \S+ back after \d+(\.\d)? s/g) ?? [];
  expect(back.length, output).toBe(gone.length);
}

describe.skipIf(!haveBinaries('etcd', 'etcdctl'))('registry outages (real etcd)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  it('3-member cluster, leader killed: no event after the kill is missed, the registration survives, an outage is said with its length', async () => {
    const members = await startEtcdCluster(3);
    cleanups.push(async () => void (await Promise.all(members.map((m) => m.cleanup()))));
    const endpoints = members.map((m) => m.endpoint).join(',');
    await waitUntil(
      () =>
        findLeader(members).then(
          () => true,
          () => false,
        ),
      15_000,
      'a leader',
    );
    const running = await startBoth(endpoints, CLUSTER_TTL);
    cleanups.push(running.stop);

    // The leader is made the member service:watch streams from (when it talks to one only, that is its watch), so killing it cuts that watch.
    const watched = members.filter((m) => connectedPorts(running.watch.pid!).includes(m.port));
    expect(watched.length).toBeGreaterThan(0);
    await moveLeader(members, watched[0]!);
    const leader = await waitUntil(
      async () => ((await findLeader(members).catch(() => undefined)) === watched[0] ? watched[0] : undefined),
      10_000,
      'leadership moved',
    );
    const others = members.filter((m) => m !== leader);
    const writer = new Etcd3({ hosts: others.map((m) => m.endpoint) });
    cleanups.push(async () => writer.close());
    await leader.stop();
    const killedAt = Date.now();
    for (let i = 0; i < 20; i++) await putRetrying(writer, `/hangar/services/www/i-${i}`, entry(`10.0.1.${i}`, 8080));

    await waitUntil(() => putsOf(running.watchOut(), 'www').length >= 20, 20_000, `all 20 puts seen\n${running.watchOut()}`);
    const puts = putsOf(running.watchOut(), 'www');
    expect(puts.map((p) => p.instance)).toEqual(Array.from({ length: 20 }, (_, i) => `i-${i}`));
    const revisions = puts.map((p) => p.rev);
    expect([...revisions].sort((a, b) => a - b)).toEqual(revisions);
    expect(new Set(revisions).size).toBe(20);
    // The agent saw them too.
    await waitUntil(() => running.attributes().includes('10.0.1.19:8080'), 10_000, 'agent wrote the last put');

    // Past one TTL after the kill, the agent's entry is still there (its lease kept alive through the survivors).
    await waitUntil(() => Date.now() - killedAt > (CLUSTER_TTL + 1) * 1000, (CLUSTER_TTL + 2) * 1000, 'one TTL');
    expect((await writer.get(agentKey).string()) ?? '', running.agent.output()).toMatch(/"port":8100/);
    expect(running.agent.output()).not.toMatch(/TypeError|cannot register|lease lost/);
    expectOutagesSaid(running.watchOut());
    expectOutagesSaid(running.agent.output());
    // Not asserted: that service:watch says an outage at all when it streamed from the killed member. Under load etcd3
    // sometimes moves the stream to a survivor without a `disconnected` event (seen once in a clean-clone CI run): then
    // nothing was missed (checked above) and nothing is said. What is asserted is the issue's "the outage (if any) is
    // reported with its length": every unreachable line has its back-after line (expectOutagesSaid).
  }, 60_000);

  it('a single etcd wiped and restarted: watchers resync, say it, and the agent is registered again within one TTL', async () => {
    const etcd: EtcdServer = await startEtcd();
    cleanups.push(() => etcd.cleanup());
    const running = await startBoth(etcd.endpoint, TTL);
    cleanups.push(running.stop);
    const client = new Etcd3({ hosts: etcd.endpoint });
    cleanups.push(async () => client.close());
    // Enough history that the recreated etcd starts well below the revision the watchers saw.
    for (let i = 0; i < 15; i++) await client.put(`/hangar/services/www/i-${i % 3}`).value(entry(`10.0.2.${i % 3}`, 8080));
    await waitUntil(() => putsOf(running.watchOut(), 'www').length >= 15, 10_000, 'puts seen');

    await etcd.wipe();
    const restartedAt = Date.now();
    await waitUntil(
      async () =>
        (
          (await client
            .get(agentKey)
            .string()
            .catch(() => null)) ?? ''
        ).includes('8100'),
      TTL * 1000,
      'the agent registered again',
    );
    const registeredAfter = Date.now() - restartedAt;
    expect(registeredAfter).toBeLessThan(TTL * 1000);

    await waitUntil(
      () => /back after \d+(\.\d)? s; it lost its data \(revision \d+ -> \d+\)/.test(running.watchOut()),
      15_000,
      `watch resynced\n${running.watchOut()}`,
    );
    await waitUntil(() => /back after \d+(\.\d)? s; it lost its data/.test(running.agent.output()), 15_000, `agent resynced\n${running.agent.output()}`);
    // What vanished with the data is told as deletes.
    for (const instance of ['i-0', 'i-1', 'i-2']) expect(running.watchOut()).toMatch(new RegExp(`^delete www ${instance} `, 'm'));

    // And both carry on from the new history.
    await client.put('/hangar/services/www/i-after').value(entry('10.0.2.9', 8080));
    await waitUntil(() => /^put www i-after 10\.0\.2\.9:8080/m.test(running.watchOut()), 10_000, `watch after the resync\n${running.watchOut()}`);
    await waitUntil(() => running.attributes().includes('10.0.2.9:8080'), 10_000, 'agent after the resync');
    await waitUntil(() => running.attributes().includes('127.0.0.1:8100') && !running.attributes().includes('10.0.2.0'), 10_000, 'agent map = the new data');
    expectOutagesSaid(running.watchOut());
    expect(running.watch.exitCode).toBeNull();
  }, 60_000);
});

function readSafely(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
