// packer:run through the CLI with PACKER_BIN pointing at a fake packer: argv, success, failure, and ctrl-c reaching packer.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../helpers/net.js';
import { hangar, tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

function fake(name: string, body: string): string {
  const path = join(project.dir, name);
  writeFileSync(path, `#!/bin/bash\nprintf '%s\\n' "$@" > "${path}.argv"\npwd > "${path}.cwd"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('packer:run with PACKER_BIN', () => {
  it('runs packer in the project folder with the endpoint and reports the AMI', async () => {
    const bin = fake(
      'packer-ok',
      `echo '1,,ui,say,==> amazon-ebs: Creating AMI 12_04-www 1'
echo '1,amazon-ebs,artifact,0,id,us-east-1:ami-0123456789abcdef0'
echo '1,amazon-ebs,artifact,0,end'`,
    );
    const result = await hangar(project.dir, ['packer:run', '12_04-www', '--endpoint', 'http://127.0.0.1:9'], { PACKER_BIN: bin });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(`${bin}.argv`, 'utf8').trim().split('\n')).toEqual([
      'build',
      '-machine-readable',
      '-var',
      'aws_endpoint=http://127.0.0.1:9',
      'packer/12_04-www.json',
    ]);
    expect(readFileSync(`${bin}.cwd`, 'utf8').trim()).toBe(project.dir);
    expect(result.stdout).toContain('[12_04-www] amazon-ebs: Creating AMI 12_04-www 1: 1/20');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('12_04-www: us-east-1:ami-0123456789abcdef0');
  });

  it("fails with packer's exit code in one line", async () => {
    const bin = fake('packer-fail', `echo '1,amazon-ebs,error,Error launching source instance: capacity'\nexit 7`);
    const result = await hangar(project.dir, ['packer:run', '12_04-www'], { PACKER_BIN: bin });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: packer build failed (exit 7): amazon-ebs: Error launching source instance: capacity');
  });

  it('ctrl-c sends SIGINT to packer, which cleans up; the command ends cancelled', async () => {
    const marker = join(project.dir, 'packer-got-sigint');
    const bin = fake(
      'packer-slow',
      `trap 'echo "1,,ui,say,==> amazon-ebs: Terminating the source AWS instance..."; touch ${marker}; exit 1' INT
echo '1,,ui,say,==> amazon-ebs: Waiting for instance to become ready...'
while true; do sleep 0.05; done`,
    );
    const child = hangar(project.dir, ['packer:run', '12_04-www'], { PACKER_BIN: bin });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await waitUntil(() => out.includes('Waiting for instance'), 15_000, 'packer to start');
    child.kill('SIGINT');
    const result = await child;
    expect(existsSync(marker)).toBe(true);
    expect(result.stdout).toContain('Terminating the source AWS instance');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('packer build interrupted');
  });
});
