// End to end through `node dist/cli.js --sandbox`: build -> create instance -> list -> status -> clean (spares in use) -> delete.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitUntil } from '../helpers/net.js';
import { hangar, tempProject } from '../helpers/project.js';

const GROUP = '12_04-bee';
const ENV = { HANGAR_SANDBOX_SPEED: '100', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let project: ReturnType<typeof tempProject>;
let key: string;

type Event = { type: string; data?: any; message?: string; label?: string; level?: string; code?: string };
const events = (stdout: string): Event[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Event);
const resultOf = (stdout: string) => events(stdout).find((e) => e.type === 'result')?.data;
const run = (args: string[], env: Record<string, string> = {}) => hangar(project.dir, [...args, '--sandbox', '--json'], { ...ENV, ...env });

/** AMI names end in packer's {{timestamp}} (whole seconds): like packer, two builds of a group in one second collide. */
let lastBuildSecond = 0;
async function build(group: string) {
  await waitUntil(() => Math.floor(Date.now() / 1000) > lastBuildSecond, 2000, 'the next second');
  const result = await run(['packer:run', group]);
  lastBuildSecond = Math.floor(Date.now() / 1000);
  return result;
}

beforeAll(async () => {
  project = tempProject();
  key = join(project.dir, 'ops.pem');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  chmodSync(key, 0o600);
});
afterAll(() => project.cleanup());

describe('the image and instance lifecycle in the sandbox', () => {
  const amis: string[] = [];
  let instanceId = '';

  it('packer:run simulates a build and registers an AMI', async () => {
    const result = await build(GROUP);
    expect(result.exitCode, result.stderr).toBe(0);
    const data = resultOf(result.stdout);
    expect(data.builds[0].simulated).toBe(true);
    const image = data.builds[0].images[0];
    expect(image.region).toBe('us-east-1');
    expect(image.imageId).toMatch(/^ami-[0-9a-f]+$/);
    amis.push(image.imageId);
    const all = events(result.stdout);
    expect(all.some((e) => e.type === 'progress' && e.label?.startsWith('amazon-ebs: Creating AMI'))).toBe(true);
    expect(all.some((e) => e.type === 'log' && e.message?.startsWith('SANDBOX: simulated packer build'))).toBe(true);
  });

  it('instance:create uses the newest AMI, imports the key pair and writes the dna file', async () => {
    const result = await run(['instance:create', GROUP, '--key', key, '--name', 'bee-1']);
    expect(result.exitCode, result.stderr).toBe(0);
    const data = resultOf(result.stdout);
    instanceId = data.id;
    expect(data.imageId).toBe(amis[0]);
    expect(data.name).toBe('bee-1');
    expect(data.group).toBe(GROUP);
    expect(data.keyName).toBe('ops');
    expect(data.zone).toMatch(/^us-east-1[ab]$/); // the example's availability_zones
    expect(events(result.stdout).some((e) => e.message?.includes('key pair ops did not exist in us-east-1: imported'))).toBe(true);
    const dna = JSON.parse(readFileSync(join(project.dir, 'dna', 'instances', `${GROUP}-${instanceId}.json`), 'utf8'));
    expect(dna.id).toBe(`${GROUP}-${instanceId}`);
    expect(dna.run_list).toEqual([`role[role-${GROUP}]`]);
  });

  it('two more builds, then instance:list and fleet:status see them', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await build(GROUP);
      expect(result.exitCode, result.stderr).toBe(0);
      amis.push(resultOf(result.stdout).builds[0].images[0].imageId);
    }
    const list = await run(['instance:list', GROUP]);
    expect(list.exitCode, list.stderr).toBe(0);
    const rows = resultOf(list.stdout);
    expect(rows.map((r: { id: string }) => r.id)).toContain(instanceId);
    expect(rows.find((r: { id: string }) => r.id === instanceId).imageId).toBe(amis[0]);

    const status = await run(['fleet:status']);
    expect(status.exitCode, status.stderr).toBe(0);
    const groups = resultOf(status.stdout).groups;
    expect(groups[GROUP].image.id).toBe(amis[2]);
    expect(groups[GROUP].images).toBe(3);
    expect(groups[GROUP].instances.total).toBe(1);
    expect(groups['12_04-www'].image).toBeNull();
  });

  it('packer:clean needs --yes headless, and --dry-run changes nothing', async () => {
    const refused = await run(['packer:clean', GROUP, '-n', '1']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    const dry = await run(['packer:clean', GROUP, '-n', '1', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(resultOf(dry.stdout).groups[GROUP].wouldRemove).toEqual([amis[1]]);
  });

  it('packer:clean keeps the newest and spares the AMI the instance uses', async () => {
    const result = await run(['packer:clean', GROUP, '-n', '1', '--yes']);
    expect(result.exitCode, result.stderr).toBe(0);
    const summary = resultOf(result.stdout).groups[GROUP];
    expect(summary.kept).toEqual([amis[2]]);
    expect(summary.removed).toEqual([amis[1]]);
    expect(summary.inUse).toEqual([
      { id: amis[0], reasons: [expect.stringMatching(new RegExp(`^instance ${instanceId} \\((pending|running), group ${GROUP}\\)$`))] },
    ]);
    const status = resultOf((await run(['fleet:status', GROUP])).stdout);
    expect(status.groups[GROUP].images).toBe(2);
  });

  it('packer:delete refuses AMIs in use, then with --force removes every AMI and packer/G.json only', async () => {
    const template = join(project.dir, 'packer', `${GROUP}.json`);
    expect(existsSync(template)).toBe(true);
    const refused = await run(['packer:delete', GROUP, '--yes']);
    expect(refused.exitCode).toBe(1);
    expect(events(refused.stdout).find((e) => e.type === 'error')?.message).toBe(`1 AMI of ${GROUP} is in use: nothing was deleted`);
    expect(existsSync(template)).toBe(true);

    const forced = await run(['packer:delete', GROUP, '--yes', '--force']);
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(resultOf(forced.stdout).groups[GROUP].removed.sort()).toEqual([amis[0], amis[2]].sort());
    expect(existsSync(template)).toBe(false);
    expect(existsSync(join(project.dir, 'roles', `role-${GROUP}.json`))).toBe(true);
    expect(existsSync(join(project.dir, 'packer', '12_04-www.json'))).toBe(true);
    const status = resultOf((await run(['fleet:status', GROUP])).stdout);
    expect(status.groups[GROUP].images).toBe(0);
    expect(status.groups[GROUP].instances.total).toBe(1); // the instance is not touched
  });

  it('instance:create without an AMI says to build one', async () => {
    const result = await hangar(project.dir, ['instance:create', '12_04-www', '--key', key, '--name', 'www-1', '--sandbox'], ENV);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: group 12_04-www has no AMI in us-east-1');
    expect(result.stderr).toContain('hint: build one first: hangar packer:run 12_04-www');
  });

  it('instance:create refuses a world-readable key', async () => {
    chmodSync(key, 0o644);
    const result = await hangar(project.dir, ['instance:create', GROUP, '--key', key, '--name', 'x', '--sandbox'], ENV);
    chmodSync(key, 0o600);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`key file ${key} is readable by everyone`);
  });
});

describe('AWS errors on the command line', () => {
  const noCredentials = {
    ...ENV,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    HANGAR_AWS_MAX_ATTEMPTS: '1',
  };

  it('an unreachable endpoint: one line naming it, exit 1, no stack (stack with --debug)', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const env = { ...noCredentials, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' };
    const result = await hangar(project.dir, ['instance:list', '--endpoint', endpoint], env);
    expect(result.exitCode).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe(`error: cannot reach ${endpoint} (DescribeInstances): the connection was refused`);
    expect(lines[1]).toMatch(/^hint: check --endpoint/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const debug = await hangar(project.dir, ['instance:list', '--endpoint', endpoint, '--debug'], env);
    expect(debug.exitCode).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('no credentials: says what to set', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const result = await hangar(project.dir, ['fleet:status', '--endpoint', endpoint], noCredentials);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error: no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --sandbox');
  });
});

describe('packer:clean when one deregistration fails', () => {
  it('deregisters the others and exits 1', async () => {
    const { addSandboxFault } = await import('../../src/sandbox/index.js');
    const group = '12_04-www';
    for (let i = 0; i < 4; i++) expect((await build(group)).exitCode).toBe(0);
    await addSandboxFault(join(project.dir, '.hangar', 'sandbox.json'), {
      kind: 'error',
      action: 'DeregisterImage',
      code: 'InvalidAMIID.Unavailable',
      message: 'busy',
      status: 400,
      count: 1,
    });
    const result = await run(['packer:clean', group, '-n', '1', '--yes']);
    expect(result.exitCode).toBe(1);
    const summary = resultOf(result.stdout).groups[group];
    expect(summary.removed).toHaveLength(2);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].error).toContain('InvalidAMIID.Unavailable');
    expect(events(result.stdout).find((e) => e.type === 'error')?.message).toBe('1 AMI could not be deregistered');
  });
});
