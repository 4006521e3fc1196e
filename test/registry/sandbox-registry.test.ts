// The registry derived from the sandbox's running instances: each registers its group's services; setStatus tags the instance.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GlobalOptions } from '../../src/actions/types.js';
import { resetAwsClients } from '../../src/aws/clients.js';
import { loadConfig } from '../../src/config/index.js';
import { SandboxRegistry } from '../../src/sandbox/backends/registry.js';
import { chooseBackends } from '../../src/runtime.js';
import type { RegistryEvent } from '../../src/registry/types.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { ROOT } from '../helpers/project.js';

describe('sandbox-derived registry', () => {
  const config = loadConfig(join(ROOT, 'nodes.json'));
  let sandbox: RunningSandbox;
  let dir: string;
  let options: GlobalOptions;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hangar-sbreg-'));
    sandbox = await startSandbox({ stateFile: join(dir, 'sandbox.json'), config, speed: 0.01, log: () => undefined });
    options = { json: false, yes: true, debug: false, sandbox: true, endpoint: sandbox.url, interactive: false };
    resetAwsClients();
  });
  afterAll(async () => {
    await sandbox?.close();
    resetAwsClients();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--sandbox opens it; running instances register their group services; draining is a tag', async () => {
    const registry = await chooseBackends(options).openRegistry(config, { env: { HANGAR_ETCD_ENDPOINTS: 'http://127.0.0.1:1' } });
    expect(registry?.kind).toBe('sandbox');
    await registry!.close();

    const derived = new SandboxRegistry(chooseBackends(options).aws, config, 50);
    try {
      expect((await derived.list()).entries).toEqual([]);
      const { EC2Client, RunInstancesCommand, DescribeTagsCommand } = await import('@aws-sdk/client-ec2');
      const ec2 = new EC2Client({ region: 'us-east-1', endpoint: sandbox.url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
      const events: RegistryEvent[] = [];
      const snapshot = await derived.list();
      const stop = await derived.watch(snapshot.revision, (event) => events.push(event));
      const run = await ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-1ebb2077',
          InstanceType: 'm3.xlarge',
          MinCount: 2,
          MaxCount: 2,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: '12_04-www' }] }],
        }),
      );
      const ids = run.Instances!.map((i) => i.InstanceId!).sort();
      await waitUntil(() => events.filter((e) => e.type === 'put').length >= 2, 10_000, 'two www entries');
      const { entries } = await derived.list();
      expect(entries.map((e) => `${e.service} ${e.instance} ${e.port} ${e.group} ${e.status}`)).toEqual(ids.map((id) => `www ${id} 8080 12_04-www up`));
      expect(entries.every((e) => e.host.startsWith('127.'))).toBe(true);

      await derived.setStatus(ids[0]!, 'draining');
      const tags = await ec2.send(new DescribeTagsCommand({ Filters: [{ Name: 'resource-id', Values: [ids[0]!] }] }));
      expect(tags.Tags?.find((t) => t.Key === 'hangar:status')?.Value).toBe('draining');
      // Another process (a fresh registry) sees it too: the state is the sandbox's, not this object's.
      const other = new SandboxRegistry(chooseBackends(options).aws, config);
      expect((await other.list('www')).entries.map((e) => e.status)).toEqual(['draining', 'up']);
      await other.close();
      // As with etcd, registering a draining instance again (as an agent would) keeps it draining.
      const again = await derived.register([{ ...entries[0]!, status: 'up', since: new Date().toISOString() }]);
      expect((await derived.list('www')).entries.map((e) => `${e.instance} ${e.status}`)).toEqual([`${ids[0]} draining`, `${ids[1]} up`]);
      await again.release();
      stop();
      const revisions = events.map((e) => e.revision);
      expect(new Set(revisions).size).toBe(revisions.length);
    } finally {
      await derived.close();
    }
  });
});
