// Scaling on load: target-tracking policies put at autoscale:run, listed by status, carried over by an update, gone with the old ASG.
import { DescribePoliciesCommand, type ScalingPolicy } from '@aws-sdk/client-auto-scaling';
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSandboxFault, clearSandboxFaults } from '../../src/sandbox/index.js';
import { findBinary, haveBinaries } from '../helpers/binaries.js';
import { freePort, waitForPort } from '../helpers/net.js';
import { OUTSIDE_AWS_ENV } from '../helpers/outside-clients.js';
import { CLI } from '../helpers/project.js';
import { type World, afterSecondOf, asgsOf, registerAmi, runAction, startWorld } from './world.js';

const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef';
const LABEL = 'app/hangar-sandbox/0000000000000000/targetgroup/web-tg/0123456789abcdef';

const policiesOf = async (world: World, asg: string): Promise<ScalingPolicy[]> =>
  (await world.autoscaling.send(new DescribePoliciesCommand({ AutoScalingGroupName: asg }))).ScalingPolicies ?? [];

const shapeOf = (p: ScalingPolicy) => ({
  name: p.PolicyName,
  type: p.PolicyType,
  metric: p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType,
  label: p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.ResourceLabel,
  target: p.TargetTrackingConfiguration?.TargetValue,
});

const WANTED = [
  { name: 'hangar-web-cpu', type: 'TargetTrackingScaling', metric: 'ASGAverageCPUUtilization', label: undefined, target: 55 },
  { name: 'hangar-web-requests', type: 'TargetTrackingScaling', metric: 'ALBRequestCountPerTarget', label: LABEL, target: 800 },
];

describe('target-tracking scaling policies against the sandbox', () => {
  let world: World;
  let first = '';

  beforeAll(async () => {
    world = await startWorld({ target_cpu: 55, target_requests_per_target: 800, target_group_arns: [TARGET_GROUP] });
    await registerAmi(world, 'web');
  });
  afterAll(async () => world?.close());

  it('run puts both policies on the new ASG, with the documented shapes', async () => {
    const ran = await runAction(world, 'autoscale:run', ['web'], { wait: true });
    expect(ran.state, ran.text).toBe('succeeded');
    first = (await asgsOf(world, 'web'))[0]!.AutoScalingGroupName!;
    const policies = await policiesOf(world, first);
    expect(policies.map(shapeOf).sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(WANTED);
    expect(policies.every((p) => p.PolicyARN?.startsWith(`arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:`))).toBe(true);
    expect(policies.every((p) => p.PolicyARN?.endsWith(`:autoScalingGroupName/${first}:policyName/${p.PolicyName}`))).toBe(true);
    expect(ran.text).toMatch(/scaling policies hangar-web-cpu, hangar-web-requests/);
    expect(ran.text).toContain('within min 2 .. node_max 3');
  });

  it('status lists the policies', async () => {
    const status = await runAction(world, 'autoscale:status', ['web']);
    expect(status.state).toBe('succeeded');
    expect(status.text).toContain('scaling policy hangar-web-cpu: ASGAverageCPUUtilization at 55');
    expect(status.text).toContain(`scaling policy hangar-web-requests: ALBRequestCountPerTarget at 800 (${LABEL})`);
  });

  it('update carries them over to the new ASG; the old ASG takes its own with it', async () => {
    await registerAmi(world, 'web');
    await afterSecondOf(first);
    const ran = await runAction(world, 'autoscale:update', ['web']);
    expect(ran.state, ran.text).toBe('succeeded');
    const [now, ...rest] = await asgsOf(world, 'web');
    expect(rest).toHaveLength(0);
    expect(now!.AutoScalingGroupName).not.toBe(first);
    expect((await policiesOf(world, now!.AutoScalingGroupName!)).map(shapeOf).sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(WANTED);
    expect(await policiesOf(world, first)).toEqual([]);
    // None left behind anywhere: only the new ASG's two exist.
    const all = (await world.autoscaling.send(new DescribePoliciesCommand({}))).ScalingPolicies ?? [];
    expect(all.map((p) => p.AutoScalingGroupName)).toEqual([now!.AutoScalingGroupName, now!.AutoScalingGroupName]);
  });

  it('policies that cannot be put stop the update before the old ASG is retired; --resume puts them and finishes', async () => {
    const [old] = await asgsOf(world, 'web');
    await registerAmi(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    await addSandboxFault(world.sandbox.stateFile, {
      kind: 'error',
      action: 'PutScalingPolicy',
      code: 'ValidationError',
      message: 'policy refused (fault)',
      count: 1,
    });
    try {
      const ran = await runAction(world, 'autoscale:update', ['web']);
      expect(ran.state).toBe('failed');
      expect(ran.job.error).toMatchObject({ code: 'autoscale.policy', exitCode: 1 });
      expect(ran.text).toContain('but its scaling policies were not set: ');
      expect(ran.text).toContain('policy refused (fault)');
      expect(ran.text).toContain('finish it with: hangar autoscale:update web --resume --yes');
      expect((await asgsOf(world, 'web')).map((a) => a.AutoScalingGroupName)).toContain(old!.AutoScalingGroupName);
    } finally {
      await clearSandboxFaults(world.sandbox.stateFile);
    }
    const resumed = await runAction(world, 'autoscale:update', ['web'], { resume: true });
    expect(resumed.state, resumed.text).toBe('succeeded');
    const [now, ...rest] = await asgsOf(world, 'web');
    expect(rest).toHaveLength(0);
    expect(now!.AutoScalingGroupName).not.toBe(old!.AutoScalingGroupName);
    expect((await policiesOf(world, now!.AutoScalingGroupName!)).map(shapeOf).sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(WANTED);
    expect(await policiesOf(world, old!.AutoScalingGroupName!)).toEqual([]);
  });

  it('target_requests_per_target without target_group_arns is a config error (exit 2)', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { nodesJson } = await import('./world.js');
    const { loadConfig } = await import('../../src/config/index.js');
    writeFileSync(join(world.dir, 'bad-nodes.json'), nodesJson({ target_requests_per_target: 100 }));
    let error: unknown;
    try {
      loadConfig(join(world.dir, 'bad-nodes.json'));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ exitCode: 2 });
    expect(String((error as Error).message) + JSON.stringify((error as { details?: unknown }).details)).toContain(
      'autoscale.target_requests_per_target needs autoscale.target_group_arns',
    );
  });
});

// The AWS CLI (a client we did not write) reads them back from `hangar sandbox:serve` on the same state.
const aws = findBinary('/usr/bin/aws') ?? findBinary('aws');
const cliEnabled = aws !== undefined || haveBinaries('aws');

describe.skipIf(!cliEnabled)('scaling policies through the AWS CLI against hangar sandbox:serve', () => {
  let world: World;
  let serve: ResultPromise | undefined;
  let url = '';
  let asg = '';

  beforeAll(async () => {
    world = await startWorld({ target_cpu: 40 });
    await registerAmi(world, 'web');
    const ran = await runAction(world, 'autoscale:run', ['web']);
    expect(ran.state, ran.text).toBe('succeeded');
    asg = (await asgsOf(world, 'web'))[0]!.AutoScalingGroupName!;
    const port = await freePort();
    serve = execa('node', [CLI, 'sandbox:serve', '--port', String(port)], { cwd: world.dir, env: { NO_COLOR: '1' }, stdin: 'ignore', reject: false });
    await waitForPort(port);
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (serve?.pid) process.kill(serve.pid, 'SIGINT');
    await serve;
    await world?.close();
  });

  const cli = async (...args: string[]) => {
    const result = await execa(aws!, ['--endpoint-url', url, '--output', 'json', 'autoscaling', ...args], { env: OUTSIDE_AWS_ENV, reject: false });
    return { ...result, json: result.exitCode === 0 && result.stdout ? (JSON.parse(result.stdout) as Record<string, any>) : undefined };
  };

  it('describe-policies reads back what hangar put; put-scaling-policy and delete-policy round-trip', async () => {
    const read = await cli('describe-policies', '--auto-scaling-group-name', asg);
    expect(read.exitCode, read.stderr).toBe(0);
    expect(read.json!.ScalingPolicies).toEqual([
      expect.objectContaining({
        AutoScalingGroupName: asg,
        PolicyName: 'hangar-web-cpu',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: expect.objectContaining({
          PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageCPUUtilization' },
          TargetValue: 40,
        }),
        Enabled: true,
      }),
    ]);
    const put = await cli(
      'put-scaling-policy',
      '--auto-scaling-group-name',
      asg,
      '--policy-name',
      'by-hand',
      '--policy-type',
      'TargetTrackingScaling',
      '--target-tracking-configuration',
      JSON.stringify({ PredefinedMetricSpecification: { PredefinedMetricType: 'ASGAverageNetworkIn' }, TargetValue: 1000 }),
    );
    expect(put.exitCode, put.stderr).toBe(0);
    expect(put.json!.PolicyARN).toMatch(/:policyName\/by-hand$/);
    expect(put.json!.Alarms).toHaveLength(2);
    const bad = await cli(
      'put-scaling-policy',
      '--auto-scaling-group-name',
      asg,
      '--policy-name',
      'no-label',
      '--policy-type',
      'TargetTrackingScaling',
      '--target-tracking-configuration',
      JSON.stringify({ PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' }, TargetValue: 10 }),
    );
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain('ValidationError');
    const named = await cli('describe-policies', '--policy-names', 'by-hand');
    expect(named.json!.ScalingPolicies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(['by-hand']);
    const deleted = await cli('delete-policy', '--auto-scaling-group-name', asg, '--policy-name', 'by-hand');
    expect(deleted.exitCode, deleted.stderr).toBe(0);
    const after = await cli('describe-policies', '--auto-scaling-group-name', asg);
    expect(after.json!.ScalingPolicies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(['hangar-web-cpu']);
  }, 120_000); // six AWS CLI starts: seconds each on a loaded machine
});

describe('the ALBRequestCountPerTarget ResourceLabel', () => {
  it('is built from the load balancer and target group ARNs as the API documents', async () => {
    const { resourceLabelOf } = await import('../../src/aws/scaling-policies.js');
    expect(
      resourceLabelOf(
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/778d41231b141a0f',
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-alb-target-group/943f017f100becff',
      ),
    ).toBe('app/my-alb/778d41231b141a0f/targetgroup/my-alb-target-group/943f017f100becff');
    // A network load balancer has no request count: refused with a clear error.
    expect(() =>
      resourceLabelOf(
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/1',
        'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/2',
      ),
    ).toThrow(/Application Load Balancer/);
  });
});
