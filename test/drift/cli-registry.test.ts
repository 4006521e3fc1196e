// fleet:drift's registry checks through the built CLI on a real etcd: unregistered InService instances, a ghost entry, a declared service left out of the run list.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeImagesCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { DriftReport } from '../../src/drift/types.js';
import { EtcdRegistry } from '../../src/registry/etcd.js';
import type { Registration, ServiceEntry } from '../../src/registry/types.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { hangar, tempProject } from '../helpers/project.js';
import { type EtcdServer, startEtcd } from '../registry/etcd-server.js';
import { SMALL_BASE, autoscaling } from '../helpers/small-fleet.js';
import { clientsFor } from '../sandbox/sandbox-fixture.js';

const SANDBOX_ENV = { HANGAR_SANDBOX_SPEED: '100', AWS_EC2_METADATA_DISABLED: 'true' };
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_EC2_METADATA_DISABLED: 'true', HANGAR_AWS_MAX_ATTEMPTS: '2' };

/** `web` runs www (in its run list) and declares api too, which no recipe runs. */
const NODES = {
  // The example project's apt cookbook: the image bundles a chef repo that exists.
  __base__: { ...SMALL_BASE, run_list: ['recipe[apt]'] },
  web: {
    autoscale: autoscaling(0, 30),
    run_list: ['recipe[seatgeek-service::www]'],
    services: { www: { port: 8080 }, api: { port: 8100 } },
  },
};

const entry = (service: string, instance: string): ServiceEntry => ({
  service,
  instance,
  host: '127.0.0.1',
  port: 8080,
  group: 'web',
  status: 'up',
  since: new Date().toISOString(),
});

function reportOf(stdout: string): DriftReport {
  const events = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; data?: unknown });
  return events.find((e) => e.type === 'result')!.data as DriftReport;
}

describe.skipIf(!haveBinaries('etcd'))('fleet:drift and the registry (real etcd, sandbox EC2 through --endpoint)', { timeout: 120_000 }, () => {
  let project: { dir: string; cleanup: () => void };
  let etcd: EtcdServer;
  let registry: EtcdRegistry;
  let sandbox: RunningSandbox;
  let live: string;
  let dead: string;
  const held: Registration[] = [];

  /** fleet:drift --json against the test's sandbox and etcd (the real backends, as with AWS). */
  const drift = (env: Record<string, string> = { HANGAR_ETCD_ENDPOINTS: etcd.endpoint }, args: string[] = []) =>
    hangar(project.dir, ['fleet:drift', '--json', '--endpoint', sandbox.url, ...args], { ...AWS_ENV, ...env });

  beforeAll(async () => {
    project = tempProject();
    writeFileSync(join(project.dir, 'nodes.json'), JSON.stringify(NODES, null, 2));
    // Built and running in the sandbox (its state file is the project's), by the CLI.
    for (const args of [
      ['autoscale:create', 'web'],
      ['packer:create', 'web'],
      ['packer:run', 'web', '--sandbox'],
      ['autoscale:run', 'web', '--wait', '--sandbox'],
    ]) {
      const result = await hangar(project.dir, args, SANDBOX_ENV);
      expect(result.exitCode, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    sandbox = await startSandbox({
      stateFile: join(project.dir, '.hangar', 'sandbox.json'),
      config: loadConfig(join(project.dir, 'nodes.json')),
      speed: 0.01,
      log: () => {},
    });
    const { ec2, asg } = clientsFor(sandbox.url);
    const [group] = (await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
    live = group!.Instances![0]!.InstanceId!;
    // A one-off instance of web, terminated: the registry entry left for it is a ghost.
    const launched = await ec2.send(
      new RunInstancesCommand({
        ImageId: (await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:group', Values: ['web'] }] }))).Images![0]!.ImageId,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 'm1.large',
        Placement: { AvailabilityZone: 'us-east-1a' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'group', Value: 'web' }] }],
      }),
    );
    dead = launched.Instances![0]!.InstanceId!;
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [dead] }));
    ec2.destroy();
    asg.destroy();
    etcd = await startEtcd();
    registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/hangar', ttl: 30 });
  });
  afterAll(async () => {
    for (const registration of held) await registration.release().catch(() => undefined);
    await registry?.close();
    await etcd?.cleanup();
    await sandbox?.close();
    project?.cleanup();
  });

  it('nothing registered: the InService instance does not register www; api is declared but not in the run list', async () => {
    const result = await drift();
    expect(result.exitCode, result.stderr).toBe(0);
    const items = reportOf(result.stdout).groups[0]!.items;
    expect(items.map((i) => [i.kind, i.summary])).toEqual([
      ['registry', 'service api is declared but not in the run list: no node runs or registers it'],
      ['registry', '1 InService instance does not register www'],
    ]);
    expect(items[0]!.fix).toEqual({ kind: 'config', hint: 'add "recipe[seatgeek-service::api]" to web.run_list in nodes.json (or remove services.api)' });
    expect(items[1]!.evidence[0]).toBe(`${live}: www not registered`);
    expect(items[1]!.fix).toMatchObject({ kind: 'action', command: `hangar instance:deploy web --endpoint ${sandbox.url}` });
  });

  it('an entry kept for a terminated instance is a ghost, named with the key to delete; --check exits 1', async () => {
    held.push(await registry.register([entry('www', live)]), await registry.register([entry('www', dead)]));
    const result = await drift();
    const items = reportOf(result.stdout).groups[0]!.items;
    expect(items.map((i) => i.summary)).toEqual([
      'service api is declared but not in the run list: no node runs or registers it',
      '1 registry entry of instances that do not run (ghosts)',
    ]);
    expect(items[1]!.evidence).toEqual([`www ${dead} 127.0.0.1:8080 (up): instance not found (terminated?)`]);
    expect(items[1]!.fix).toEqual({ kind: 'config', hint: `stop whatever keeps their lease, or delete them: etcdctl del /hangar/services/www/${dead}` });
    const check = await hangar(project.dir, ['fleet:drift', '--check', '--endpoint', sandbox.url], { ...AWS_ENV, HANGAR_ETCD_ENDPOINTS: etcd.endpoint });
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toMatch(/^web\s+registry\s+1 registry entry of instances that do not run \(ghosts\)\s+stop whatever keeps/m);
  });

  it('no registry configured: said as a warning, the run-list check still runs; an unreachable one fails the command (exit 1)', async () => {
    const none = await drift({ HANGAR_ETCD_ENDPOINTS: '' });
    expect(none.exitCode, none.stderr).toBe(0);
    const report = reportOf(none.stdout);
    expect(report.warnings).toEqual([expect.stringMatching(/^no service registry is configured: registrations and ghost entries are not checked/)]);
    expect(report.groups[0]!.items.map((i) => i.kind)).toEqual(['registry']);
    const down = await hangar(project.dir, ['fleet:drift', '--endpoint', sandbox.url], { ...AWS_ENV, HANGAR_ETCD_ENDPOINTS: 'http://127.0.0.1:1' });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toMatch(/^warning: registry etcd 127\.0\.0\.1:1 not read, so registrations and ghost entries are not checked: /m);
    expect(down.stderr).toMatch(/^error: drift was not fully checked/m);
  });
});
