// Two processes on one .hangar/sandbox.json: one world, no lost update under concurrent RunInstances.
import { join } from 'node:path';
import { DescribeInstancesCommand, type Instance, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { type RunningSandbox, sandboxStateFile, startSandbox } from '../../src/sandbox/index.js';
import { freePort, waitForPort } from '../helpers/net.js';
import { CLI, tempProject } from '../helpers/project.js';
import { clientsFor } from './sandbox-fixture.js';

const project = tempProject();
let local: RunningSandbox;
let child: ResultPromise | undefined;
let childUrl = '';

beforeAll(async () => {
  local = await startSandbox({
    stateFile: sandboxStateFile(project.dir),
    config: loadConfig(join(project.dir, 'nodes.json')),
    speed: 0.01,
    log: () => {},
  });
  const port = await freePort();
  child = execa('node', [CLI, 'sandbox:serve', '--port', String(port)], {
    cwd: project.dir,
    env: { NO_COLOR: '1', HANGAR_SANDBOX_SPEED: '100' },
    stdin: 'ignore',
    reject: false,
  });
  await waitForPort(port);
  childUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child?.pid) process.kill(child.pid, 'SIGINT');
  await child;
  await local?.close();
  project.cleanup();
});

const instancesOf = async (url: string): Promise<Instance[]> => {
  const { ec2 } = clientsFor(url);
  const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:test', Values: ['shared'] }] }));
  ec2.destroy();
  return out.Reservations!.flatMap((r) => r.Instances ?? []);
};

describe('one world for two processes', () => {
  it('keeps every instance of 40 concurrent RunInstances sent to two processes, with unique addresses', async () => {
    const a = clientsFor(local.url).ec2;
    const b = clientsFor(childUrl).ec2;
    const run = (client: typeof a) =>
      client.send(
        new RunInstancesCommand({
          ImageId: 'ami-1ebb2077',
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'test', Value: 'shared' }] }],
        }),
      );
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => run(i % 2 === 0 ? a : b)));
    a.destroy();
    b.destroy();
    const launched = results.map((r) => r.Instances![0]!.InstanceId!);
    const [seenByLocal, seenByChild] = await Promise.all([instancesOf(local.url), instancesOf(childUrl)]);
    expect(seenByLocal.map((i) => i.InstanceId).sort()).toEqual([...launched].sort());
    expect(seenByChild.map((i) => i.InstanceId).sort()).toEqual([...launched].sort());
    expect(new Set(seenByLocal.map((i) => i.PrivateIpAddress)).size).toBe(40);
    expect(new Set(seenByLocal.map((i) => i.PublicIpAddress)).size).toBe(40);
  });
});
