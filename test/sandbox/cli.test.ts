// The CLI's sandbox: `--sandbox` prints SANDBOX and keeps state beside nodes.json; sandbox:reset says what it removed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, describe, expect, it } from 'vitest';
import type { GlobalOptions } from '../../src/actions/types.js';
import { loadConfig } from '../../src/config/index.js';
import { prepareRuntime } from '../../src/runtime.js';
import { readSandboxState, sandboxStateFile } from '../../src/sandbox/index.js';
import { hangar, tempProject } from '../helpers/project.js';
import { clientsFor } from './sandbox-fixture.js';

const project = tempProject();
afterAll(() => project.cleanup());

const options = (): GlobalOptions => ({ json: false, yes: false, debug: false, sandbox: true, interactive: false });

describe('--sandbox runtime', () => {
  it('starts the sandbox in-process, points the runtime options and backends at it (not its input), says SANDBOX', async () => {
    const config = loadConfig(join(project.dir, 'nodes.json'));
    const input = options();
    const runtime = await prepareRuntime(input, config);
    const opts = runtime.options;
    try {
      expect(runtime.mode).toBe('sandbox');
      expect(input.endpoint).toBeUndefined();
      expect(opts.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(runtime.endpoint).toBe(opts.endpoint);
      expect(runtime.backends).toMatchObject({ aws: { endpoint: opts.endpoint, loadBalancers: false }, simulated: true, localOnly: true });
      expect(runtime.notice).toContain(`SANDBOX: EC2 + Auto Scaling at ${opts.endpoint}`);
      expect(runtime.notice).toContain('nothing reaches AWS');
      expect(runtime.sandbox?.stateFile).toBe(sandboxStateFile(project.dir));
      const { ec2 } = clientsFor(opts.endpoint!);
      await ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 3, MaxCount: 3 }));
      ec2.destroy();
    } finally {
      await runtime.dispose();
    }
    expect(readSandboxState(sandboxStateFile(project.dir))!.instances).toHaveLength(3);
  });

  it('leaves the AWS runtime alone without --sandbox', async () => {
    const opts = { ...options(), sandbox: false, endpoint: 'http://127.0.0.1:9' };
    const runtime = await prepareRuntime(opts, undefined);
    expect(runtime).toMatchObject({ mode: 'aws', endpoint: 'http://127.0.0.1:9', notice: undefined });
    await runtime.dispose();
  });
});

describe('hangar sandbox:reset', () => {
  it('says what it removed, prints SANDBOX with --sandbox on stderr, and reseeds', async () => {
    const result = await hangar(project.dir, ['sandbox:reset', '--sandbox'], { HANGAR_SANDBOX_SPEED: '100' });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^SANDBOX: EC2 \+ Auto Scaling at http:\/\/127\.0\.0\.1:\d+ \(state \.hangar\/sandbox\.json\); nothing reaches AWS$/m);
    expect(result.stdout).toContain('SANDBOX reset (.hangar/sandbox.json): removed 3 instances');
    const state = readSandboxState(sandboxStateFile(project.dir))!;
    expect(state.instances).toEqual([]);
    expect(state.images.map((i) => i.id)).toEqual(['ami-1ebb2077']);
    expect(state.keyPairs.map((k) => k.name)).toEqual(['hangar-sandbox']);
    const again = await hangar(project.dir, ['sandbox:reset']);
    expect(again.stdout).toContain('removed nothing');
    expect(again.stderr).not.toContain('SANDBOX:');
  });

  it('keeps the state beside nodes.json', () => {
    expect(existsSync(join(project.dir, '.hangar', 'sandbox.json'))).toBe(true);
  });
});
