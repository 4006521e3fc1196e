// User values in packer templates are data: real packer validates the template and prints every value as written.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { escapePackerString, escapePackerValue, renderPacker } from '../../src/generate/index.js';
import { haveBinaries } from '../helpers/binaries.js';

/** Template syntax, quotes, backslashes, backticks, newlines, and a packer call that must not run. */
const HOSTILE = 'a {{x}} b }} c {{ user `aws_endpoint` }} d "q" \'s\' \\back\\ e\nnew line {{{ f {{- g -}} {{"{{"}} `tick` {{timestamp}} }}}';

const dir = mkdtempSync(join(tmpdir(), 'hangar-escape-'));
mkdirSync(join(dir, 'roles'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A group with the hostile text in every string that reaches its packer template. */
function hostileTemplate() {
  const config = loadConfigText(
    join(dir, 'nodes.json'),
    JSON.stringify({
      __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: HOSTILE, ssh_username: HOSTILE, iam_instance_profile: HOSTILE },
      g: {
        description: HOSTILE,
        tags: { [HOSTILE]: HOSTILE, plain: HOSTILE },
        packer: { user_data: HOSTILE, snapshot_tags: { [HOSTILE]: HOSTILE }, run_volume_tags: { k: HOSTILE } },
      },
    }),
  );
  const file = renderPacker(config, config.groups.get('g')!);
  writeFileSync(join(dir, 'packer.json'), file.content);
  return { file, builder: JSON.parse(file.content).builders[0] };
}

/** Every string of the builder that came from HOSTILE, as [where, its text in the template]. */
function userStrings(builder: Record<string, any>): [string, string][] {
  const out: [string, string][] = [];
  for (const key of ['instance_type', 'ssh_username', 'iam_instance_profile', 'ami_description', 'user_data']) out.push([key, builder[key]]);
  for (const map of ['tags', 'snapshot_tags', 'run_volume_tags']) {
    for (const [key, value] of Object.entries(builder[map] as Record<string, string>)) {
      if (['built_at', 'Name', 'group', 'hangar:config', 'plain', 'k'].includes(key)) continue;
      out.push([`${map} key`, key]);
    }
    for (const [key, value] of Object.entries(builder[map] as Record<string, string>)) {
      if (!['built_at', 'Name', 'group', 'hangar:config'].includes(key)) out.push([`${map} value`, value]);
    }
  }
  return out;
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
    expect(builder.ami_description).toBe(escapePackerString(HOSTILE));
    expect(builder.tags[escapePackerString(HOSTILE)]).toBe(escapePackerString(HOSTILE));
  });

  it('refuses {{ in the builder keys packer renders twice, naming the group and key', () => {
    const config = loadConfigText(
      join(dir, 'nodes.json'),
      JSON.stringify({
        __base__: { region: 'us-east-1', source_ami: 'ami-1ebb2077', instance_type: 't3.micro', ssh_username: 'ubuntu' },
        g: { packer: { launch_block_device_mappings: [{ device_name: '/dev/{{x}}' }] } },
      }),
    );
    expect(() => renderPacker(config, config.groups.get('g')!)).toThrow(/group "g": packer\.launch_block_device_mappings contains "\{\{"/);
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
    const { file } = hostileTemplate();
    const raw = JSON.parse(file.content);
    raw.builders[0].instance_type = HOSTILE;
    writeFileSync(join(dir, 'raw.json'), JSON.stringify(raw));
    const result = await execa('packer', ['validate', 'raw.json'], { cwd: dir, reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/function "x" not defined/);
  });

  it.skipIf(!hasPacker)('packer renders each escaped string of the template back to the text in nodes.json', async () => {
    const { builder } = hostileTemplate();
    const strings = userStrings(builder);
    expect(strings.length).toBeGreaterThanOrEqual(8);
    // A null build whose breakpoint notes are the template's strings: packer renders a note once, as it does builder fields.
    const probe = {
      variables: { aws_endpoint: 'http://127.0.0.1:9' },
      builders: [{ type: 'null', communicator: 'none' }],
      provisioners: strings.map(([, text], i) => ({ type: 'breakpoint', disable: true, note: `<${i}>${text}</${i}>` })),
    };
    writeFileSync(join(dir, 'probe.json'), JSON.stringify(probe));
    const result = await execa('packer', ['build', '-color=false', 'probe.json'], { cwd: dir, reject: false, env: { CHECKPOINT_DISABLE: '1' } });
    expect(result.exitCode).toBe(0);
    const output = result.stdout.replaceAll('\n==> null: ', '\n');
    strings.forEach(([where, text], i) => {
      const seen = output.slice(output.indexOf(`<${i}>`) + `<${i}>`.length, output.indexOf(`</${i}>`));
      expect({ where, seen }).toEqual({ where, seen: HOSTILE });
      expect(text).not.toBe(HOSTILE);
    });
  });

});
