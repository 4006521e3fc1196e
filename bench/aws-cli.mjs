// Headless AWS actions against the AWS CLI: `instance:list` and `autoscale:status` vs `aws ec2 describe-instances` and `aws autoscaling describe-auto-scaling-groups`, same sandbox:serve endpoint, ~40 instances.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoScalingClient, CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { accepts, alternate, CLI, freePort, ms, ROOT, SANDBOX_AWS_ENV, table, verdict, waitFor } from './lib.mjs';

const GROUP = '12_04-bee';
const AMI = 'ami-1ebb2077';
const LOOSE = 30;
const ASG_SIZE = 10;
const RUNS = 7;
const TARGET = 0.6;
const AWS = '/usr/bin/aws';

// Both sides get the same environment: dummy static credentials, a region, no metadata probe, no pager.
const env = { ...process.env, ...SANDBOX_AWS_ENV, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '', NO_COLOR: '1' };
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The fleet: LOOSE tagged instances of GROUP and an ASG of ASG_SIZE, through the SDK (InService before timing starts). */
async function createFleet(endpoint) {
  const common = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' }, maxAttempts: 1 };
  const ec2 = new EC2Client(common);
  const asg = new AutoScalingClient(common);
  try {
    const tags = [{ Key: 'group', Value: GROUP }];
    await ec2.send(new RunInstancesCommand({ ImageId: AMI, MinCount: LOOSE, MaxCount: LOOSE, TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] }));
    const template = `${GROUP}-bench`;
    await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: template, LaunchTemplateData: { ImageId: AMI, InstanceType: 'm1.large' } }));
    await asg.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: `${GROUP}-bench`,
        LaunchTemplate: { LaunchTemplateName: template },
        MinSize: ASG_SIZE,
        MaxSize: ASG_SIZE,
        DesiredCapacity: ASG_SIZE,
        AvailabilityZones: ['us-east-1a'],
        Tags: [{ Key: 'group', Value: GROUP, PropagateAtLaunch: true }],
      }),
    );
    await waitFor(async () => {
      const { AutoScalingGroups: groups = [] } = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [`${GROUP}-bench`] }));
      return groups[0]?.Instances?.filter((i) => i.LifecycleState === 'InService').length === ASG_SIZE;
    }, 'the ASG in service');
  } finally {
    ec2.destroy();
    asg.destroy();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'hangar-bench-awscli-'));
cpSync(join(ROOT, 'nodes.json'), join(dir, 'nodes.json'));
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [CLI, 'sandbox:serve', '--port', String(port)], {
  cwd: dir,
  stdio: 'ignore',
  env: { ...env, HANGAR_SANDBOX_SPEED: '100' },
});
try {
  await waitFor(() => accepts(port), 'sandbox:serve listening');
  await createFleet(url);
  const hangar = (...args) => [process.execPath, [CLI, ...args, '--endpoint', url]];
  const commands = {
    'instance:list': hangar('instance:list', GROUP),
    'autoscale:status': hangar('autoscale:status', GROUP),
  };
  const haveAws = existsSync(AWS);
  if (haveAws) {
    commands['aws ec2 describe-instances'] = [AWS, ['ec2', 'describe-instances', '--filters', `Name=tag:group,Values=${GROUP}`, '--endpoint-url', url]];
    commands['aws autoscaling describe-auto-scaling-groups'] = [
      AWS,
      ['autoscaling', 'describe-auto-scaling-groups', '--filters', `Name=tag:group,Values=${GROUP}`, '--endpoint-url', url],
    ];
  }
  // One untimed round first: the page cache and the sandbox's own first-call work are then the same for all.
  alternate(commands, 1, { cwd: dir, env });
  const median = alternate(commands, RUNS, { cwd: dir, env });
  const peer = (label) => (haveAws ? median[label] : undefined);
  const row = (action, peerLabel) => {
    const theirs = peer(peerLabel);
    return [
      `\`hangar ${action} ${GROUP}\` vs \`aws ${peerLabel.replace(/^aws /, '')}\` (median of ${RUNS}, alternating)`,
      theirs === undefined
        ? `${ms(median[action])} vs AWS CLI not installed (${AWS})`
        : `${ms(median[action])} vs ${ms(theirs)} = ${verdict(median[action] / theirs, TARGET)}`,
      `≤ ${TARGET}× the AWS CLI`,
    ];
  };
  process.stdout.write(
    table(`Headless AWS actions vs the AWS CLI (sandbox:serve, ${LOOSE + ASG_SIZE} instances of ${GROUP}, dummy static credentials)`, [
      row('instance:list', 'aws ec2 describe-instances'),
      row('autoscale:status', 'aws autoscaling describe-auto-scaling-groups'),
    ]),
  );
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
