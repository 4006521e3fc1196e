// What hangar creates with --sandbox is what the AWS CLI lists through `hangar sandbox:serve` on the same state.
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort, waitForPort } from '../helpers/net.js';
import { awsCli } from '../helpers/outside-clients.js';
import { CLI, hangar, tempProject } from '../helpers/project.js';

const enabled = haveBinaries('/usr/bin/aws');
const ENV = { HANGAR_SANDBOX_SPEED: '100', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe.skipIf(!enabled)('hangar --sandbox, then the AWS CLI', () => {
  const project = tempProject();
  let serve: ResultPromise | undefined;
  let url = '';

  beforeAll(async () => {
    const built = await hangar(project.dir, ['packer:run', '12_04-www', '--sandbox'], ENV);
    expect(built.exitCode, built.stderr).toBe(0);
    expect(built.stderr).toContain('SANDBOX: EC2 + Auto Scaling at');
    const ran = await hangar(project.dir, ['autoscale:run', '12_04-www', '--sandbox'], ENV);
    expect(ran.exitCode, ran.stderr).toBe(0);
    const port = await freePort();
    serve = execa('node', [CLI, 'sandbox:serve', '--port', String(port)], { cwd: project.dir, env: { NO_COLOR: '1', ...ENV }, stdin: 'ignore', reject: false });
    await waitForPort(port);
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (serve?.pid) process.kill(serve.pid, 'SIGINT');
    await serve;
    project.cleanup();
  });

  const aws = (...args: string[]) => awsCli(url, ...args);

  it('lists the AMI, the ASG and its instances hangar created', async () => {
    const images = await aws('ec2', 'describe-images', '--owners', 'self', '--filters', 'Name=tag:group,Values=12_04-www');
    expect(images.Images).toHaveLength(1);
    const amiId = images.Images[0].ImageId as string;
    const groups = await aws('autoscaling', 'describe-auto-scaling-groups');
    expect(groups.AutoScalingGroups).toHaveLength(1);
    const asg = groups.AutoScalingGroups[0];
    expect(asg.AutoScalingGroupName).toMatch(/^12_04-www-\d{14}$/);
    expect(asg.DesiredCapacity).toBe(2);
    const instances = await aws(
      'ec2',
      'describe-instances',
      '--filters',
      `Name=tag:aws:autoscaling:groupName,Values=${asg.AutoScalingGroupName}`,
      'Name=instance-state-name,Values=pending,running',
    );
    const running = instances.Reservations.flatMap((r: { Instances: Array<Record<string, any>> }) => r.Instances);
    expect(running).toHaveLength(2);
    for (const instance of running) {
      expect(instance.ImageId).toBe(amiId);
      expect(instance.PrivateIpAddress).toMatch(/^127\./);
      expect(instance.Tags).toContainEqual({ Key: 'group', Value: '12_04-www' });
    }
  });
});
