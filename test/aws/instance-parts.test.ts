// instance:create's parts: key file checks (real ssh-keygen), placement choices, the rendered user data (bash -n).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTANCE_ID_PLACEHOLDER, renderInstanceUserData } from '../../src/fleet/instance-create.js';
import { checkKeyFile, keyNameOf, publicKeyOf } from '../../src/keys/key-file.js';
import { choosePlacement } from '../../src/fleet/placement.js';
import { loadConfig } from '../../src/config/index.js';
import type { HangarError } from '../../src/errors.js';
import { haveBinaries } from '../helpers/binaries.js';
import { ROOT } from '../helpers/project.js';

const dir = mkdtempSync(join(tmpdir(), 'hangar-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('key files', () => {
  it('names the key pair after the file', () => {
    expect(keyNameOf('keys/ops.pem')).toBe('ops');
    expect(keyNameOf('/home/me/.ssh/id_ed25519')).toBe('id_ed25519');
  });

  it('refuses a missing or world-readable key', () => {
    expect(() => checkKeyFile(join(dir, 'nope.pem'))).toThrow(/does not exist/);
    const open = join(dir, 'open.pem');
    writeFileSync(open, 'x');
    chmodSync(open, 0o644);
    const error = (() => {
      try {
        checkKeyFile(open);
      } catch (e) {
        return e as HangarError;
      }
    })();
    expect(error?.code).toBe('instance.key');
    expect(error?.exitCode).toBe(2);
    expect(error?.hint).toBe(`restrict it: chmod 600 ${open}`);
    chmodSync(open, 0o600);
    expect(checkKeyFile(open)).toBe(open);
  });

  it.runIf(haveBinaries('ssh-keygen'))('derives the public key with ssh-keygen when no .pub is beside it', async () => {
    const key = join(dir, 'ops');
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const pub = (await execa('cat', [`${key}.pub`])).stdout.split(' ').slice(0, 2).join(' ');
    expect((await publicKeyOf(key)).from).toBe(`${key}.pub`);
    rmSync(`${key}.pub`);
    const derived = await publicKeyOf(key);
    expect(derived.from).toBe('ssh-keygen -y');
    expect(derived.key.split(' ').slice(0, 2).join(' ')).toBe(pub);
  });
});

describe('choosePlacement', () => {
  const first = <T>(items: readonly T[]) => items[0]!;
  const last = <T>(items: readonly T[]) => items[items.length - 1]!;
  const available = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

  it('takes a given zone when it is available', () => {
    expect(choosePlacement({ region: 'us-east-1' }, available, [], 'us-east-1b')).toEqual({ zone: 'us-east-1b', subnetId: undefined, vpcId: undefined });
    expect(() => choosePlacement({ region: 'us-east-1' }, available, [], 'us-east-1z')).toThrow(/not available in us-east-1/);
  });

  it('picks among availability_zones that are available, else among all', () => {
    expect(choosePlacement({ availability_zones: ['us-east-1c', 'us-east-1q'] }, available, [], undefined, last).zone).toBe('us-east-1c');
    expect(choosePlacement({}, available, [], undefined, last).zone).toBe('us-east-1c');
    expect(choosePlacement({}, available, [], undefined, first).zone).toBe('us-east-1a');
  });

  it('picks a subnet in the zone', () => {
    const subnets = [
      { id: 'subnet-a', zone: 'us-east-1a', vpcId: 'vpc-1' },
      { id: 'subnet-b', zone: 'us-east-1b', vpcId: 'vpc-1' },
    ];
    const merged = { subnets: ['subnet-a', 'subnet-b'] };
    expect(choosePlacement(merged, available, subnets, 'us-east-1b')).toEqual({ zone: 'us-east-1b', subnetId: 'subnet-b', vpcId: 'vpc-1' });
    expect(() => choosePlacement(merged, available, subnets, 'us-east-1c')).toThrow(/none of the group's subnets is in us-east-1c/);
  });
});

describe('user data', () => {
  it.runIf(haveBinaries('bash'))('is a valid bash script that writes the role and dna and provisions', async () => {
    const config = loadConfig(join(ROOT, 'nodes.json'));
    const node = config.groups.get('12_04-bee')!;
    const script = renderInstanceUserData(config, node);
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toContain(`"id": "12_04-bee-${INSTANCE_ID_PLACEHOLDER}"`);
    expect(script).toContain('"name": "role-12_04-bee"');
    expect(script.trimEnd().endsWith(config.settings.provision_command)).toBe(true);
    const file = join(dir, 'user-data.sh');
    writeFileSync(file, script);
    const check = await execa('bash', ['-n', file], { reject: false });
    expect(check.exitCode).toBe(0);
  });
});
