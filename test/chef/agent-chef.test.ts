// The agent re-provisions against the node's chef repo copy (the image's, replayed here) and records which repo hash it ran.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chefRepoHash, findChefRepo } from '../../src/chef/index.js';
import { renderAsgDna, renderPacker } from '../../src/generate/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type AgentProcess, startAgent } from '../registry/agent-helpers.js';
import { type EtcdServer, startEtcd } from '../registry/etcd-server.js';
import { replayImageSteps } from './image-steps.js';
import { type ChefProject, chefProject, standinCommand } from './repo-fixture.js';

describe.skipIf(!haveBinaries('etcd'))('agent and the chef repo copy (real etcd, built CLI, stand-in chef-solo)', () => {
  let etcd: EtcdServer;
  let root: string;
  let project: ChefProject;
  let agent: AgentProcess | undefined;

  beforeAll(async () => {
    etcd = await startEtcd();
    root = mkdtempSync(join(tmpdir(), 'hangar-agent-chef-'));
    const conf = join(root, 'etc', 'chef');
    project = chefProject({ chef: { repo_path: join(root, 'var', 'chef'), config_path: conf }, provision_command: standinCommand(conf) });
  });
  afterAll(async () => {
    agent?.kill('SIGKILL');
    await agent?.exited;
    await etcd?.cleanup();
    project?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it("runs the dna's provision command against the copy, logs its hash and writes last-run.json", async () => {
    const config = project.config();
    const web = config.groups.get('web')!;
    await replayImageSteps(renderPacker(config, web).content, project.dir, join(root, 'stage'));
    const dnaPath = join(root, 'etc', 'chef', 'dna.json');
    writeFileSync(dnaPath, renderAsgDna(config, web).content);
    const hash = chefRepoHash(findChefRepo(project.dir, config.settings.paths))!;

    agent = startAgent(root, ['--dna', dnaPath, '--instance-id', 'i-1', '--host', '127.0.0.1', '--wait-min', '0.1', '--wait-max', '1'], {
      HANGAR_ETCD_ENDPOINTS: etcd.endpoint,
    });
    await agent.waitFor(new RegExp(`provisioned in [\\d.]+ s with chef repo ${hash}`));
    expect(agent.output()).toContain(`against chef repo ${hash} at ${join(root, 'var', 'chef')}/current`);
    const runs = JSON.parse(readFileSync(join(root, 'etc', 'chef', 'chef-solo-runs.json'), 'utf8'));
    expect(runs[0]).toMatchObject({
      recipes: ['base::default', 'app::web'],
      repo_hash: hash,
      cookbook_paths: [`${join(root, 'var', 'chef')}/current/cookbooks`],
    });
    const lastRun = join(root, 'var', 'chef', 'last-run.json');
    await waitUntil(() => existsSync(lastRun), 5000, 'last-run.json');
    expect(JSON.parse(readFileSync(lastRun, 'utf8'))).toMatchObject({ repo_hash: hash, bundle_hash: `image-${hash}`, ok: true, exit_code: 0 });
  });
});
