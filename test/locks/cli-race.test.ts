// Two operators race autoscale:update on one group against one shared sandbox: exactly one runs, the other exits 1 naming the holder.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/history/store.js';
import { CLI, hangar } from '../helpers/project.js';
import { writeSmallFleet } from '../helpers/small-fleet.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, registerAmi, startWorld } from '../autoscale/world.js';
import { type EtcdServer, startEtcd } from '../registry/etcd-server.js';

const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
const TTL = 3;

/** `web` autoscales with no services (nothing registers in etcd here) and drains 3 s: an update lasts long enough to race. */
const writeProject = (dir: string) => writeSmallFleet(dir, { web: 3 }, { settings: { registry: { ttl: TTL } } });

const HOLDER = /group web is locked by [^@\s]+@\S+ pid (\d+) \(autoscale:update, since \d{4}-\d\d-\d\dT[\d:.]+Z\)/;

function describeRace(label: string, backend: () => Record<string, string>) {
  describe(`autoscale:update races (${label})`, () => {
    let world: World;
    const env = () => ({ ...ENV, ...backend() });
    const update = (...extra: string[]) => hangar(world.dir, ['autoscale:update', 'web', '--yes', '--endpoint', world.sandbox.url, ...extra], env());
    const spawnUpdate = (...extra: string[]) =>
      execa('node', [CLI, 'autoscale:update', 'web', '--yes', '--endpoint', world.sandbox.url, ...extra], {
        cwd: world.dir,
        env: { NO_COLOR: '1', ...env() },
        reject: false,
        stdin: 'ignore',
      });

    beforeAll(async () => {
      expect(existsSync(CLI), 'build first: npm run build').toBe(true);
      world = await startWorld();
      writeProject(world.dir);
      await registerAmi(world, 'web');
      const first = await hangar(world.dir, ['autoscale:run', 'web', '--wait', '--endpoint', world.sandbox.url], env());
      expect(first.exitCode, first.stderr).toBe(0);
    });
    afterAll(async () => world?.close());

    it('two at once: exactly one updates, the other exits 1 at once naming the holder', async () => {
      const [old] = await asgsOf(world, 'web');
      await afterSecondOf(old!.AutoScalingGroupName);
      const children = [spawnUpdate(), spawnUpdate()];
      const [a, b] = await Promise.all(children);
      const codes = [a!.exitCode, b!.exitCode].sort();
      expect(codes, `${a!.stderr}\n---\n${b!.stderr}`).toEqual([0, 1]);
      const winnerIndex = a!.exitCode === 0 ? 0 : 1;
      const [winner, loser] = [[a!, b!][winnerIndex]!, [a!, b!][1 - winnerIndex]!];
      expect(loser.stderr).toMatch(HOLDER);
      expect(loser.stderr).toContain('nothing was done');
      expect(Number(loser.stderr.match(HOLDER)![1])).toBe(children[winnerIndex]!.pid);
      expect(winner.stdout).toMatch(/web: web-\d{14} in service at 1; retired /);
      const now = await asgsOf(world, 'web');
      expect(now).toHaveLength(1);
      expect(now[0]!.AutoScalingGroupName).not.toBe(old!.AutoScalingGroupName);
    });

    it('--resume refuses a live holder; --wait-lock waits for it and then runs', async () => {
      const [old] = await asgsOf(world, 'web');
      await afterSecondOf(old!.AutoScalingGroupName);
      const running = spawnUpdate();
      await waitUntil(async () => (await asgsOf(world, 'web')).length === 2, 15_000, 'the first update to launch its ASG');
      const resume = await update('--resume');
      expect(resume.exitCode).toBe(1);
      expect(resume.stderr).toMatch(HOLDER);
      expect(resume.stderr).toContain('--resume takes over only a lock whose holder is gone');
      const waiting = await hangar(world.dir, ['autoscale:update', 'web', '--yes', '--resume', '--wait-lock', '60', '--endpoint', world.sandbox.url], env());
      expect((await running).exitCode).toBe(0);
      expect(waiting.exitCode, waiting.stderr).toBe(0);
      expect(waiting.stdout).toContain('waiting for the lock of web, held by');
      expect(waiting.stdout).toContain('nothing to resume');
    });

    it('a holder killed with SIGKILL: its lock is freed (file: on the next try; etcd: within the lease TTL) and --resume finishes its work', async () => {
      const [old] = await asgsOf(world, 'web');
      await afterSecondOf(old!.AutoScalingGroupName);
      const victim = spawnUpdate();
      await waitUntil(async () => (await asgsOf(world, 'web')).length === 2, 15_000, 'the update to launch its ASG');
      victim.kill('SIGKILL');
      await victim;
      const etcd = backend().HANGAR_ETCD_ENDPOINTS;
      if (etcd) {
        const client = new Etcd3({ hosts: etcd });
        try {
          const started = Date.now();
          await waitUntil(async () => (await client.get('/hangar/locks/web').string()) === null, (TTL + 3) * 1000, 'the lease to expire');
          expect(Date.now() - started).toBeLessThanOrEqual((TTL + 3) * 1000);
        } finally {
          client.close();
        }
      }
      const resume = await update('--resume');
      expect(resume.exitCode, resume.stderr).toBe(0);
      if (!etcd) expect(resume.stderr).toMatch(new RegExp(`took over the lock of web from [^ ]+ pid ${victim.pid} .*process ${victim.pid} is gone`));
      expect(await asgsOf(world, 'web')).toHaveLength(1);
    });

    it('every run is in the history; with etcd the same records are under <prefix>/history/', async () => {
      const local = readHistory(world.dir).entries.map((e) => e.record);
      expect(local.filter((r) => r.action === 'autoscale:update').map((r) => r.state)).toEqual(expect.arrayContaining(['succeeded', 'failed']));
      const loser = local.find((r) => r.action === 'autoscale:update' && r.state === 'failed');
      expect(loser?.error).toMatch(/group web is locked by/);
      const etcd = backend().HANGAR_ETCD_ENDPOINTS;
      if (!etcd) return;
      const client = new Etcd3({ hosts: etcd });
      try {
        const remote = await client.getAll().prefix('/hangar/history/').strings();
        const ids = Object.values(remote).map((text) => (JSON.parse(text) as { id: string }).id);
        // The SIGKILLed run never ended: it has no record anywhere.
        expect(ids.sort()).toEqual(local.map((r) => r.id).sort());
      } finally {
        client.close();
      }
      // Another operator, in another checkout with no history of its own, sees them all.
      const other = mkdtempSync(join(tmpdir(), 'hangar-other-'));
      try {
        copyFileSync(join(world.dir, 'nodes.json'), join(other, 'nodes.json'));
        const shown = await hangar(other, ['history', 'web', '--json'], env());
        expect(shown.exitCode, shown.stderr).toBe(0);
        const result = shown.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .find((e) => e.type === 'result');
        expect((result.data as { id: string }[]).map((r) => r.id).sort()).toEqual(local.map((r) => r.id).sort());
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });
  });
}

describeRace('file lock, no registry', () => ({}));

const withEtcd = haveBinaries('etcd');
let server: EtcdServer | undefined;
describe.skipIf(!withEtcd)('with a real etcd', () => {
  beforeAll(async () => {
    server = await startEtcd();
  });
  afterAll(async () => server?.cleanup());
  describeRace('etcd lock', () => ({ HANGAR_ETCD_ENDPOINTS: server!.endpoint }));
});
