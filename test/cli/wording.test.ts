// The CLI's wording: why a bare `hangar` printed the help, and counted nouns said right.
import { afterAll, describe, expect, it } from 'vitest';
import { hangar, tempProject } from '../helpers/project.js';

const project = tempProject();
afterAll(() => project.cleanup());

describe('CLI wording', () => {
  it('a bare hangar not on a terminal prints the help on stdout, says why on stderr, exits 2', async () => {
    const result = await hangar(project.dir, []);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('Usage');
    expect(result.stderr).toContain('no action given and the output is not a terminal, so the workbench cannot start: printed the help');
  });

  it('hangar --help says nothing on stderr and exits 0', async () => {
    const result = await hangar(project.dir, ['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('a required flag missing is refused before anything runs (exit 2); --help still works and says required', async () => {
    const result = await hangar(project.dir, ['instance:create', '12_04-www', '--sandbox'], { AWS_EC2_METADATA_DISABLED: 'true' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: instance:create needs --key PATH and --name NAME');
    expect(result.stderr).not.toContain('SANDBOX:');
    const help = await hangar(project.dir, ['instance:create', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/--key PATH\s+private key file of the key pair \(must not be world-readable\) \(required\)/);
  });

  it('sandbox:reset counts one of a thing in the singular', async () => {
    const env = { HANGAR_SANDBOX_SPEED: '1000', AWS_EC2_METADATA_DISABLED: 'true' };
    expect((await hangar(project.dir, ['sandbox:reset', '--sandbox'], env)).exitCode).toBe(0);
    // One instance, launched through the sandbox's own CLI path: instance:create would need a key; the AWS CLI is not needed.
    const { startSandbox, sandboxStateFile } = await import('../../src/sandbox/index.js');
    const { clientsFor } = await import('../sandbox/sandbox-fixture.js');
    const { RunInstancesCommand } = await import('@aws-sdk/client-ec2');
    const sandbox = await startSandbox({ stateFile: sandboxStateFile(project.dir), speed: 0.001, log: () => undefined });
    const { ec2 } = clientsFor(sandbox.url);
    try {
      await ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }));
    } finally {
      ec2.destroy();
      await sandbox.close();
    }
    const reset = await hangar(project.dir, ['sandbox:reset'], env);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('removed 1 instance;');
  });
});
