// The chef repo sync over a real sshd: two hosts, a change shipped byte for byte, nothing sent when current, a cut transfer harmless.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/index.js';
import { deployHosts } from '../../src/deploy/deploy-hosts.js';
import type { DeployTarget, HostResult } from '../../src/deploy/fan-out.js';
import { attachSync } from '../../src/deploy/sync-plan.js';
import { type JobEvent, createEmitter } from '../../src/jobs/events.js';
import { type ChefProject, chefProject, standinCommand } from '../chef/repo-fixture.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type Sshd, startSshd } from './helpers/sshd.js';

const enabled = haveBinaries('/usr/sbin/sshd', 'ssh', 'ssh-keygen', 'tar');

/** Every file under `dir` (relative path -> bytes), dot-names skipped as the sync skips them. */
function tree(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const [k, v] of tree(path, `${prefix}${name}/`)) out.set(k, v);
    else out.set(`${prefix}${name}`, readFileSync(path).toString('base64'));
  }
  return out;
}

describe.skipIf(!enabled)('instance:deploy ships the chef repo first (real sshd)', () => {
  let sshd: Sshd;
  let project: ChefProject;
  let nodes: string;
  let conf: string;
  const hostRepo = (host: string) => join(nodes, host);

  beforeAll(async () => {
    sshd = await startSshd(0);
    nodes = mkdtempSync(join(tmpdir(), 'hangar-nodes-'));
    conf = join(nodes, 'etc-chef');
    project = chefProject({ chef: { repo_path: join(nodes, 'unused'), config_path: conf } });
  });
  afterAll(async () => {
    await sshd?.stop();
    project?.cleanup();
    rmSync(nodes, { recursive: true, force: true });
  });

  /** Two hosts on the one sshd, each with its own repo_path (a node's own disk), one config_path. */
  function targets(config: Config): DeployTarget[] {
    return ['host-a', 'host-b'].flatMap((host) => {
      const own = { ...config, settings: { ...config.settings, chef: { ...config.settings.chef, repo_path: hostRepo(host) } } };
      return attachSync(own, [{ instanceId: `i-${host}`, group: 'web', address: '127.0.0.1', user: 'root' }]).targets;
    });
  }

  async function deploy(
    list: DeployTarget[],
    controller = new AbortController(),
    onEvent: (e: JobEvent) => void = () => {},
  ): Promise<{ results: HostResult[] | undefined; events: JobEvent[]; error: unknown }> {
    const events: JobEvent[] = [];
    const plan = {
      targets: list,
      ssh: { key: sshd.clientKey, port: sshd.port, connectTimeout: 5, knownHosts: join(sshd.dir, 'known_hosts') },
      remoteCommand: standinCommand(conf),
      // One at a time: both hosts share the config path (one machine), each run reads the solo.rb its sync wrote.
      concurrency: 1,
      simulated: false,
    };
    try {
      const push = (e: JobEvent) => {
        events.push(e);
        onEvent(e);
      };
      const results = await deployHosts({ emit: createEmitter(push), signal: controller.signal }, plan);
      return { results, events, error: undefined };
    } catch (error) {
      return { results: undefined, events, error };
    }
  }
  const runs = () => (existsSync(join(conf, 'chef-solo-runs.json')) ? JSON.parse(readFileSync(join(conf, 'chef-solo-runs.json'), 'utf8')) : []);
  const shipped = (events: JobEvent[]) => events.filter((e) => e.type === 'log' && e.message.startsWith('shipping the chef repo'));
  const expectCopiesMatch = (host: string) => {
    for (const folder of ['cookbooks', 'roles', 'data_bags']) {
      expect(tree(join(hostRepo(host), 'current', folder)), `${host} ${folder}`).toEqual(tree(join(project.dir, folder)));
    }
  };

  it("first deploy: both hosts receive the repo and the stand-in runs the role's run list against it", async () => {
    const config = project.config();
    const list = targets(config);
    const { results, events, error } = await deploy(list);
    expect(error).toBeUndefined();
    expect(results!.map((r) => [r.status, r.repo])).toEqual([
      ['ok', 'updated'],
      ['ok', 'updated'],
    ]);
    expect(shipped(events)).toHaveLength(2);
    for (const host of ['host-a', 'host-b']) {
      expectCopiesMatch(host);
      expect(readFileSync(join(hostRepo(host), 'current', '.hangar-chef'), 'utf8').trim()).toBe(list[0]!.sync!.bundle.repoHash);
    }
    const done = runs();
    expect(done).toHaveLength(2);
    expect(done[0].recipes).toEqual(['base::default', 'app::web']);
    expect(done[0].data_bag_items).toEqual(['codebases/api']);
    expect(done.map((r: { cookbook_paths: string[] }) => r.cookbook_paths[0])).toEqual([
      join(hostRepo('host-a'), 'current', 'cookbooks'),
      join(hostRepo('host-b'), 'current', 'cookbooks'),
    ]);
    const result = events.find((e) => e.type === 'result');
    expect(result?.type === 'result' && result.text).toMatch(/REPO/);
  });

  it('a changed recipe, role and data bag reach both hosts byte for byte; the stand-in runs the new run list', async () => {
    project.write('cookbooks/app/recipes/web.rb', "codebase = data_bag_item('codebases', 'api')\nlog \"web v2 from #{codebase['revision']}\"\n");
    project.write('data_bags/codebases/api.json', '{ "id": "api", "revision": "v2" }\n');
    const config = project.setRunList(['recipe[base]', 'recipe[app::web]', 'recipe[app::extra]']);
    const before = runs().length;
    const list = targets(config);
    const { results, events, error } = await deploy(list);
    expect(error).toBeUndefined();
    expect(results!.map((r) => r.repo)).toEqual(['updated', 'updated']);
    expect(shipped(events)).toHaveLength(2);
    for (const host of ['host-a', 'host-b']) {
      expectCopiesMatch(host);
      expect(readFileSync(join(hostRepo(host), 'current', 'roles', 'role-web.json'), 'utf8')).toContain('recipe[app::extra]');
      // The current copy and the previous one are kept.
      expect(readdirSync(join(hostRepo(host), 'releases')).filter((n) => !n.startsWith('.'))).toHaveLength(2);
    }
    const latest = runs().slice(before);
    expect(latest).toHaveLength(2);
    for (const run of latest) {
      expect(run.recipes).toEqual(['base::default', 'app::web', 'app::extra']);
      expect(run.repo_hash).toBe(list[0]!.sync!.bundle.repoHash);
    }
  });

  it('a third deploy with nothing changed transfers nothing and still provisions', async () => {
    const before = runs().length;
    const releases = readdirSync(join(hostRepo('host-a'), 'releases'));
    const { results, events, error } = await deploy(targets(project.config()));
    expect(error).toBeUndefined();
    expect(results!.map((r) => [r.status, r.repo])).toEqual([
      ['ok', 'current'],
      ['ok', 'current'],
    ]);
    expect(shipped(events)).toEqual([]);
    expect(readdirSync(join(hostRepo('host-a'), 'releases'))).toEqual(releases);
    expect(runs()).toHaveLength(before + 2);
  });

  it('a transfer cut halfway leaves the previous copy in place and does not provision', async () => {
    const previous = readlinkSync(join(hostRepo('host-a'), 'current'));
    const copy = tree(join(hostRepo('host-a'), 'current', 'cookbooks'));
    project.write('cookbooks/app/recipes/web.rb', `log '${'x'.repeat(40_000)}'\n`);
    const [target] = targets(project.config());
    const bundle = target!.sync!.bundle;
    // The stream stops in the middle: the node's tar sees the end of its input too early.
    const cut = { ...target!, sync: { ...target!.sync!, bundle: { ...bundle, tar: bundle.tar.subarray(0, Math.floor(bundle.tar.length / 2)) } } };
    const before = runs().length;
    const { results, error } = await deploy([cut]);
    expect(results).toBeUndefined();
    expect((error as Error).message).toBe('1 of 1 host failed: i-host-a');
    expect(readlinkSync(join(hostRepo('host-a'), 'current'))).toBe(previous);
    expect(tree(join(hostRepo('host-a'), 'current', 'cookbooks'))).toEqual(copy);
    expect(readdirSync(join(hostRepo('host-a'), 'releases')).filter((n) => n.startsWith('.incoming'))).toEqual([]);
    expect(runs()).toHaveLength(before);
    // The whole bundle afterwards goes through.
    const { results: retried } = await deploy([target!]);
    expect(retried!.map((r) => r.repo)).toEqual(['updated']);
    expectCopiesMatch('host-a');
  });

  it('ssh killed while the tar streams (ctrl-c): the node keeps its previous copy and removes the partial one', async () => {
    const previous = readlinkSync(join(hostRepo('host-b'), 'current'));
    const copy = tree(join(hostRepo('host-b'), 'current'));
    // 24 MB that does not compress: the stream is still going when ssh is killed.
    project.write('cookbooks/app/files/default/blob.bin', randomBytes(24 * 1024 * 1024).toString('base64'));
    const [, target] = targets(project.config());
    const controller = new AbortController();
    const before = runs().length;
    const { error } = await deploy([target!], controller, (e) => {
      if (e.type === 'log' && e.message.startsWith('shipping the chef repo')) setImmediate(() => controller.abort());
    });
    expect((error as { code: string }).code).toBe('deploy.cancelled');
    // The node's script notices the cut stream on its own, after ssh is gone.
    await waitUntil(() => readdirSync(join(hostRepo('host-b'), 'releases')).every((n) => !n.startsWith('.incoming')), 10_000, 'the partial copy to be removed');
    expect(readlinkSync(join(hostRepo('host-b'), 'current'))).toBe(previous);
    expect(tree(join(hostRepo('host-b'), 'current'))).toEqual(copy);
    expect(runs()).toHaveLength(before);
    rmSync(join(project.dir, 'cookbooks/app/files'), { recursive: true });
  });
});
