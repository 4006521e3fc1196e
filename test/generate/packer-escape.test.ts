// User values in packer templates are data: real packer validates the template and builds with every value as written.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { HangarError } from '../../src/errors.js';
import { escapePackerString, escapePackerValue, renderPacker } from '../../src/generate/index.js';
import { haveBinaries } from '../helpers/binaries.js';
import { type FakeEc2, startFakeEc2 } from './fake-ec2.js';

/** Template syntax, quotes, backslashes, backticks, newlines, and packer calls that must not run. */
const HOSTILE = 'a {{x}} b }} c {{ user `aws_endpoint` }} d "q" \'s\' \\back\\ e\nnew line {{{ f {{- g -}} {{"{{"}} `tick` {{timestamp}} }}}';
/** The same without "{{", for the fields packer renders repeatedly (description, tags): only "{{" is refused there. */
const TEXT = 'a }} b "q" \'s\' \\back\\ `tick` {x} }}}\nnew line';

const dir = mkdtempSync(join(tmpdir(), 'hangar-escape-'));
mkdirSync(join(dir, 'roles'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE = { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 't3.micro', ssh_username: 'ubuntu' };
const configOf = (group: object) => loadConfigText(join(dir, 'nodes.json'), JSON.stringify({ __base__: BASE, g: group }));

/** A group with HOSTILE in every string packer reads once, TEXT in the others; its template written to dir. */
function hostileTemplate() {
  const config = configOf({
    instance_type: HOSTILE,
    ssh_username: HOSTILE,
    iam_instance_profile: HOSTILE,
    description: TEXT,
    tags: { [TEXT]: TEXT },
    packer: { user_data: HOSTILE, security_group_ids: [HOSTILE], run_volume_tags: { [TEXT]: TEXT }, snapshot_tags: { [TEXT]: TEXT } },
  });
  const file = renderPacker(config, config.groups.get('g')!);
  writeFileSync(join(dir, 'packer.json'), file.content);
  return { file, template: JSON.parse(file.content), builder: JSON.parse(file.content).builders[0] };
}

describe('escaping for packer', () => {
  it('writes each {{ as a template action that prints {{, and nothing else changes', () => {
    expect(escapePackerString('a {{x}} }}')).toBe('a {{`{{`}}x}} }}');
    expect(escapePackerString('{{{')).toBe('{{`{{`}}{');
    expect(escapePackerString('no braces "`\\')).toBe('no braces "`\\');
    expect(escapePackerValue({ '{{k}}': ['{{v}}', 1, null, true] })).toEqual({ '{{`{{`}}k}}': ['{{`{{`}}v}}', 1, null, true] });
  });

  it('keeps {{timestamp}} in the AMI name and the aws_endpoint variable as the only template calls', () => {
    const { builder } = hostileTemplate();
    expect(builder.ami_name).toBe('g {{timestamp}}');
    expect(builder.tags.built_at).toBe('{{timestamp}}');
    expect(builder.custom_endpoint_ec2).toBe('{{user `aws_endpoint`}}');
    expect(builder.instance_type).toBe(escapePackerString(HOSTILE));
    expect(builder.user_data).toBe(escapePackerString(HOSTILE));
    expect(builder.security_group_ids).toEqual([escapePackerString(HOSTILE)]);
    expect(builder.ami_description).toBe(TEXT);
  });

  it.each([
    ['description', { description: 'x {{y}}' }, 'description'],
    ['a tag value', { tags: { k: '{{y}}' } }, 'tags'],
    ['a tag key', { tags: { '{{k': 'v' } }, 'tags'],
    ['packer.run_tags', { packer: { run_tags: { k: '{{' } } }, 'packer.run_tags'],
    [
      'packer.launch_block_device_mappings',
      { packer: { launch_block_device_mappings: [{ device_name: '/dev/{{x}}' }] } },
      'packer.launch_block_device_mappings',
    ],
  ])('refuses "{{" in %s, where packer renders repeatedly (exit 2, field named)', (_what, group, field) => {
    const config = configOf(group);
    let error: unknown;
    try {
      renderPacker(config, config.groups.get('g')!);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HangarError);
    expect((error as HangarError).exitCode).toBe(2);
    expect((error as HangarError).message).toContain(`group "g": "{{" in ${field}:`);
  });

  it('"}}" alone, braces and the other characters are accepted everywhere', () => {
    const config = configOf({ description: '}} {x} }}}', tags: { '}}': '{ }' } });
    expect(JSON.parse(renderPacker(config, config.groups.get('g')!).content).builders[0].ami_description).toBe('}} {x} }}}');
  });
});

describe('real packer reads every value literally', () => {
  const hasPacker = haveBinaries('packer');

  it.skipIf(!hasPacker)('the hostile template passes packer validate', async () => {
    hostileTemplate();
    const result = await execa('packer', ['validate', 'packer.json'], { cwd: dir, reject: false });
    expect(result.stdout + result.stderr).not.toMatch(/error|not defined/i);
    expect(result.exitCode).toBe(0);
  });

  it.skipIf(!hasPacker)('without escaping the same values fail packer validate (the check can fail)', async () => {
    const { template } = hostileTemplate();
    template.builders[0].instance_type = HOSTILE;
    writeFileSync(join(dir, 'raw.json'), JSON.stringify(template));
    const result = await execa('packer', ['validate', 'raw.json'], { cwd: dir, reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/function "x" not defined/);
  });

  /** Runs `packer build` on a template against the fake EC2; the test's only changes: no SSH, no IAM lookup. */
  async function buildAgainstFake(ec2: FakeEc2, template: { builders: Record<string, unknown>[]; provisioners?: unknown }) {
    delete template.provisioners;
    Object.assign(template.builders[0]!, { communicator: 'none', skip_profile_validation: true });
    writeFileSync(join(dir, 'build.json'), JSON.stringify(template));
    return execa('packer', ['build', '-color=false', '-var', `aws_endpoint=${ec2.url}`, 'build.json'], {
      cwd: dir,
      reject: false,
      timeout: 50_000,
      env: {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_POLL_DELAY_SECONDS: '1',
        AWS_MAX_ATTEMPTS: '5',
        CHECKPOINT_DISABLE: '1',
      },
    });
  }

  it.skipIf(!hasPacker)('packer build against a loopback EC2 sends every value as written', { timeout: 60_000 }, async () => {
    const ec2 = await startFakeEc2();
    try {
      const result = await buildAgainstFake(ec2, hostileTemplate().template);
      expect(result.stdout).not.toMatch(/Error/);
      expect(result.exitCode).toBe(0);
      const request = (action: string) => ec2.requests.find((r) => r.Action === action);
      const run = request('RunInstances')!;
      expect(run.InstanceType).toBe(HOSTILE);
      expect(run['IamInstanceProfile.Name']).toBe(HOSTILE);
      expect(run['SecurityGroupId.1']).toBe(HOSTILE);
      expect(Buffer.from(run.UserData!, 'base64').toString('utf8')).toBe(HOSTILE);
      // {{timestamp}} is the one call packer runs: a number in the AMI name and the built_at tag.
      expect(request('CreateImage')!.Name).toMatch(/^g \d{10}$/);
      expect(request('ModifyImageAttribute')!['Description.Value']).toBe(TEXT);
      const tags = ec2.requests
        .filter((r) => r.Action === 'CreateTags')
        .flatMap((r) =>
          Object.keys(r)
            .filter((k) => /^Tag\.\d+\.Key$/.test(k))
            .map((k) => [r[k], r[k.replace('Key', 'Value')]]),
        );
      expect(tags).toContainEqual([TEXT, TEXT]);
      expect(tags).toContainEqual(['group', 'g']);
      expect(tags.find(([key]) => key === 'built_at')?.[1]).toMatch(/^\d{10}$/);
    } finally {
      await ec2.close();
    }
  });

  it.skipIf(!hasPacker)(
    'why "{{" is refused in the description: packer renders it again, an escaped "{{" still breaks the build',
    { timeout: 60_000 },
    async () => {
      const ec2 = await startFakeEc2();
      try {
        const { template } = hostileTemplate();
        template.builders[0].ami_description = escapePackerString(escapePackerString('d {{q'));
        const result = await buildAgainstFake(ec2, template);
        expect(result.stdout).toMatch(/Error interpolating AMI description: .*function "q" not defined/);
        expect(ec2.requests.some((r) => r.Action === 'ModifyImageAttribute')).toBe(false);
      } finally {
        await ec2.close();
      }
    },
  );
});
