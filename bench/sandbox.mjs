// Sandbox speed: a `hangar sandbox:serve` child with 500 instances; per-call latency through the real SDK and concurrent throughput.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeAutoScalingGroupsCommand, AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { accepts, CLI, freePort, ms, now, ROOT, stats, table } from './lib.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const INSTANCES = 500;
const SAMPLES = 50;
const CONCURRENT = 100;

async function sample(fn, n = SAMPLES) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = now();
    await fn();
    times.push(now() - start);
  }
  return stats(times);
}

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-sandbox-'));
cpSync(join(ROOT, 'nodes.json'), join(dir, 'nodes.json'));
const port = await freePort();
const started = now();
const child = spawn(process.execPath, [CLI, 'sandbox:serve', '--port', String(port)], {
  cwd: dir,
  stdio: 'ignore',
  env: { ...process.env, HANGAR_SANDBOX_SPEED: '100' },
});
try {
  const deadline = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline) throw new Error('sandbox:serve did not listen');
    await new Promise((r) => setTimeout(r, 20));
  }
  const startup = now() - started;
  const common = { region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'b', secretAccessKey: 'b' }, maxAttempts: 1 };
  const ec2 = new EC2Client(common);
  const asg = new AutoScalingClient(common);
  for (let i = 0; i < INSTANCES / 100; i++) await ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 100, MaxCount: 100 }));
  const describeAll = await sample(() => ec2.send(new DescribeInstancesCommand({})));
  const describeOne = await sample(() =>
    ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }], MaxResults: 5 })),
  );
  const images = await sample(() => ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] })));
  const run = await sample(() => ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 })), 20);
  const groups = await sample(() => asg.send(new DescribeAutoScalingGroupsCommand({})));
  const burstStart = now();
  await Promise.all(Array.from({ length: CONCURRENT }, () => ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))));
  const burst = now() - burstStart;
  ec2.destroy();
  asg.destroy();
  process.stdout.write(
    table(`Sandbox (sandbox:serve child, ${INSTANCES} instances, state file + lock per call)`, [
      ['startup to listening (node + SDK schemas)', ms(startup), '< 2 s'],
      [`DescribeInstances, all ${INSTANCES}: median / p95`, `${ms(describeAll.median)} / ${ms(describeAll.p95)}`, '< 200 ms'],
      ['DescribeInstances, 5 per page: median / p95', `${ms(describeOne.median)} / ${ms(describeOne.p95)}`, '< 50 ms'],
      ['DescribeImages: median', ms(images.median), '< 50 ms'],
      ['RunInstances (1): median', ms(run.median), '< 50 ms'],
      ['DescribeAutoScalingGroups: median', ms(groups.median), '< 50 ms'],
      [`${CONCURRENT} concurrent DescribeImages`, `${ms(burst)} (${((CONCURRENT * 1000) / burst).toFixed(0)} calls/s)`, ''],
    ]),
  );
} finally {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
