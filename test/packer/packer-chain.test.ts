// A real `packer build` (amazon-ebs, communicator none) against the sandbox, then instance:create from its AMI, through the CLI.
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { type RunningSandbox, readSandboxState, startSandbox } from '../../src/sandbox/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { useSandboxPackerTemplate } from '../helpers/outside-clients.js';
import { hangar, tempProject } from '../helpers/project.js';

const GROUP = '12_04-bee';

describe.runIf(haveBinaries('packer', 'ssh-keygen'))('packer:run with real packer against the sandbox', () => {
  let project: ReturnType<typeof tempProject>;
  let sandbox: RunningSandbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    project = tempProject();
    useSandboxPackerTemplate(project.dir);
    // Speed 0.05: lifecycles in tens of ms, yet a terminated instance stays visible (3 s) for packer's 1 s waiter polls.
    const config = loadConfig(join(project.dir, 'nodes.json'));
    sandbox = await startSandbox({ stateFile: join(project.dir, '.hangar', 'sandbox.json'), config, speed: 0.05, log: () => {} });
    env = {
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_POLL_DELAY_SECONDS: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CHECKPOINT_DISABLE: '1',
    };
  });
  afterAll(async () => {
    await sandbox?.close();
    project?.cleanup();
  });

  it('builds an AMI through the same endpoint, and instance:create launches it', async () => {
    const build = await hangar(project.dir, ['packer:run', GROUP, '--endpoint', sandbox.url, '--json'], env);
    expect(build.exitCode, build.stdout.slice(-3000) + build.stderr).toBe(0);
    const lines = build.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const result = lines.find((e) => e.type === 'result').data.builds[0];
    expect(result.simulated).toBe(false);
    expect(result.images).toHaveLength(1);
    const ami: string = result.images[0].imageId;
    // packer's own steps, parsed from its machine-readable stream.
    const labels = lines.filter((e) => e.type === 'progress').map((e) => e.label as string);
    expect(labels).toContain('amazon-ebs: Launching a source AWS instance...');
    expect(labels.some((l) => l.startsWith('amazon-ebs: Creating AMI 12_04-bee '))).toBe(true);
    // The generated template was written and handed the endpoint.
    expect(readFileSync(join(project.dir, 'packer', `${GROUP}.json`), 'utf8')).toContain('"communicator": "none"');

    // The AMI exists in the sandbox with the tags from the template; packer cleaned up its build instance.
    const state = readSandboxState(sandbox.stateFile)!;
    const image = state.images.find((i) => i.id === ami)!;
    expect(image.tags.group).toBe(GROUP);
    expect(image.tags['hangar:config']).toMatch(/^[0-9a-f]+$/);
    // packer set the description with ModifyImageAttribute.
    expect(image.description).toBe('12_04-bee-ec2 instance, responsible for worker processes');
    const builder = state.instances.find((i) => i.tags.Name === `packer ${GROUP}`);
    expect(builder === undefined || ['shutting-down', 'terminated'].includes(builder.state)).toBe(true);

    const key = join(project.dir, 'chain.pem');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    chmodSync(key, 0o600);
    const create = await hangar(project.dir, ['instance:create', GROUP, '--key', key, '--name', 'chain-1', '--endpoint', sandbox.url, '--json'], env);
    expect(create.exitCode, create.stderr).toBe(0);
    const created = create.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'result').data;
    expect(created.imageId).toBe(ami);
    const dna = JSON.parse(readFileSync(join(project.dir, created.dnaPath), 'utf8'));
    expect(dna.id).toBe(`${GROUP}-${created.id}`);
  }, 120_000);
});
