// A sandbox + temp project for autoscale tests: real SDK clients, actions run as jobs in-process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutoScalingGroup, AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateTagsCommand, DescribeImagesCommand, EC2Client, RegisterImageCommand } from '@aws-sdk/client-ec2';
import { waitUntil } from '../helpers/net.js';
import { findAction } from '../../src/actions/catalog.js';
import type { GlobalOptions } from '../../src/actions/types.js';
import { resetAwsClients } from '../../src/aws/clients.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import type { JobEvent } from '../../src/jobs/events.js';
import { type Job, startJob } from '../../src/jobs/job.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

export const SPEED = 0.02;

/** nodes.json of the test project: group `web` autoscales (2..3), serves `www`, short timeouts. */
export function nodesJson(autoscale: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      __base__: {
        region: 'us-east-1',
        source_ami: 'ami-1ebb2077',
        instance_type: 'm1.large',
        ssh_username: 'ubuntu',
        security_groups: ['internal'],
        availability_zones: ['us-east-1a', 'us-east-1b'],
        run_list: ['recipe[seatgeek::base]'],
      },
      web: {
        autoscale: { node_min: 2, node_max: 3, timeout: 15, drain_timeout: 0, health_check_grace: 0, ...autoscale },
        run_list: ['recipe[seatgeek-service::www]'],
        services: { www: { port: 8080 } },
      },
      db: { description: 'does not autoscale' },
    },
    null,
    2,
  );
}

export interface World {
  dir: string;
  sandbox: RunningSandbox;
  config: Config;
  options: GlobalOptions;
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
  close(): Promise<void>;
}

export async function startWorld(autoscale: Record<string, unknown> = {}, speed = SPEED): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-autoscale-'));
  writeFileSync(join(dir, 'nodes.json'), nodesJson(autoscale));
  const config = loadConfig(join(dir, 'nodes.json'));
  const logs: string[] = [];
  const sandbox = await startSandbox({ stateFile: join(dir, '.hangar', 'sandbox.json'), config, speed, log: (l) => logs.push(l) });
  const common = { region: 'us-east-1', endpoint: sandbox.url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } };
  const ec2 = new EC2Client(common);
  const autoscaling = new AutoScalingClient(common);
  resetAwsClients();
  const options: GlobalOptions = { json: false, yes: true, debug: false, endpoint: sandbox.url, sandbox: true, interactive: false };
  return {
    dir,
    sandbox,
    config,
    options,
    ec2,
    autoscaling,
    async close() {
      ec2.destroy();
      autoscaling.destroy();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers an AMI tagged group=G in the sandbox (what packer:run leaves behind). */
export async function registerAmi(world: World, group: string): Promise<string> {
  const out = await world.ec2.send(
    new RegisterImageCommand({
      Name: `${group} ${Date.now()}`,
      RootDeviceName: '/dev/sda1',
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } }],
    }),
  );
  await world.ec2.send(new CreateTagsCommand({ Resources: [out.ImageId!], Tags: [{ Key: 'group', Value: group }] }));
  await waitUntil(
    async () => (await world.ec2.send(new DescribeImagesCommand({ ImageIds: [out.ImageId!] }))).Images?.[0]?.State === 'available',
    10_000,
    `${out.ImageId} to be available`,
  );
  return out.ImageId!;
}

export interface Ran {
  job: Job;
  state: string;
  events: JobEvent[];
  /** Every printable line, as the CLI shows it. */
  text: string;
}

/** Starts an action as a job (as the CLI does), collecting its events. */
export function startAction(world: World, name: string, groups: string[], flags: Record<string, unknown> = {}) {
  const action = findAction(name)!;
  const events: JobEvent[] = [];
  const job = startJob({ action, groups, flags: withDefaultsOf(action, flags), config: world.config, options: world.options, lookup: findAction });
  job.subscribe((event) => events.push(event));
  const done = job.done.then((state): Ran => ({ job, state, events, text: events.map(lineOf).join('\n') }));
  return { job, events, done };
}

export const runAction = (world: World, name: string, groups: string[], flags: Record<string, unknown> = {}) => startAction(world, name, groups, flags).done;

function withDefaultsOf(action: NonNullable<ReturnType<typeof findAction>>, flags: Record<string, unknown>) {
  const out: Record<string, unknown> = { ...flags };
  for (const [key, spec] of Object.entries(action.flags)) if (out[key] === undefined && spec.default !== undefined) out[key] = spec.default;
  return out;
}

function lineOf(event: JobEvent): string {
  switch (event.type) {
    case 'log':
      return `${event.level}: ${event.message}`;
    case 'error':
      return `error: ${event.message}${event.hint ? ` (hint: ${event.hint})` : ''}`;
    case 'result':
      return event.text ?? '';
    case 'step':
      return `==> ${event.name}`;
    case 'progress':
      return `${event.label}: ${event.current}/${event.total}`;
    case 'wait':
      return `wait ${event.seconds} s: ${event.label}`;
  }
}

/** Every ASG tagged group=G, as the sandbox has them now (deleting ones too). */
export async function asgsOf(world: World, group: string): Promise<AutoScalingGroup[]> {
  const out = await world.autoscaling.send(new DescribeAutoScalingGroupsCommand({}));
  return (out.AutoScalingGroups ?? []).filter((a) => a.Tags?.some((t) => t.Key === 'group' && t.Value === group));
}

/** Waits until an ASG made now would not collide with `name` (names carry the UTC second). */
export async function afterSecondOf(name: string | undefined): Promise<void> {
  const { asgNameFor } = await import('../../src/aws/asg-settings.js');
  await waitUntil(() => !name || asgNameFor(name.replace(/-\d{14}$/, '')) !== name, 5000, 'the next second');
}

export const instanceIds = (asg: AutoScalingGroup | undefined) => (asg?.Instances ?? []).map((i) => i.InstanceId).sort();
