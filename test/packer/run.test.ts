// runPacker against a fake packer script: events from its stream, exit code decides, abort sends SIGINT.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HangarError } from '../../src/errors.js';
import { type JobEvent, createEmitter } from '../../src/jobs/events.js';
import { buildPackerCommand, packerBinary } from '../../src/packer/command.js';
import { runPacker } from '../../src/packer/run.js';
import { waitUntil } from '../helpers/net.js';

const dir = mkdtempSync(join(tmpdir(), 'hangar-fake-packer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakePacker(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/bash\necho "$@" > "${path}.argv"\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

function collect() {
  const events: JobEvent[] = [];
  return { events, emit: createEmitter((e) => events.push(e)) };
}

const SUCCESS = `
echo '1795769954,,ui,say,==> amazon-ebs: Creating temporary keypair: packer_1'
echo '1795769954,,ui,message,    amazon-ebs: hello%!(PACKER_COMMA) world'
echo '1795769954,,ui,say,==> amazon-ebs: Creating AMI web 1795769954'
echo 'plain stderr text' >&2
echo '1795769954,amazon-ebs,artifact-count,1'
echo '1795769954,amazon-ebs,artifact,0,id,us-east-1:ami-0abc1234def567890'
echo '1795769954,amazon-ebs,artifact,0,end'
exit 0`;

describe('buildPackerCommand', () => {
  it('passes the endpoint as the aws_endpoint variable, template last', () => {
    const command = buildPackerCommand({ template: 'packer/web.json', cwd: '/p', endpoint: 'http://127.0.0.1:9', bin: 'packer' });
    expect(command).toEqual({
      file: 'packer',
      args: ['build', '-machine-readable', '-var', 'aws_endpoint=http://127.0.0.1:9', 'packer/web.json'],
      env: { AWS_EC2_METADATA_DISABLED: 'true' },
      cwd: '/p',
    });
  });
  it('takes PACKER_BIN', () => {
    expect(packerBinary({ PACKER_BIN: '/opt/packer' })).toBe('/opt/packer');
    expect(packerBinary({})).toBe('packer');
  });
});

describe('runPacker', () => {
  it('streams steps and logs and returns the AMI', async () => {
    const bin = fakePacker('ok', SUCCESS);
    const { events, emit } = collect();
    const summary = await runPacker(buildPackerCommand({ template: 'packer/web.json', cwd: dir, bin }), {
      emit,
      signal: new AbortController().signal,
      scope: { group: 'web' },
    });
    expect(summary.images).toEqual([{ region: 'us-east-1', imageId: 'ami-0abc1234def567890' }]);
    const progress = events.filter((e) => e.type === 'progress') as { label?: string; current: number; total: number }[];
    expect(progress.map((e) => e.label)).toEqual([
      'amazon-ebs: Creating temporary keypair: packer_1',
      'amazon-ebs: Creating AMI web 1795769954',
      'build finished',
    ]);
    expect(progress.map((e) => `${e.current}/${e.total}`)).toEqual(['1/20', '2/20', '2/2']);
    const logs = events.filter((e) => e.type === 'log' && e.level === 'info').map((e) => (e as { message: string }).message);
    expect(logs).toContain('    amazon-ebs: hello, world');
    expect(logs).toContain('plain stderr text');
    expect(events.every((e) => e.group === 'web')).toBe(true);
    expect(readFileSync(`${bin}.argv`, 'utf8').trim()).toBe('build -machine-readable packer/web.json');
  });

  it("fails with packer's exit code and last error", async () => {
    const bin = fakePacker(
      'fail',
      `echo '1,,ui,error,Build failed'\necho '1,amazon-ebs,error,no source AMI%!(PACKER_COMMA) sorry\\n\\tstatus code: 400'\nexit 3`,
    );
    const { emit } = collect();
    const error = await runPacker(buildPackerCommand({ template: 't.json', cwd: dir, bin }), {
      emit,
      signal: new AbortController().signal,
      scope: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HangarError);
    expect((error as HangarError).code).toBe('packer.failed');
    expect((error as HangarError).message).toBe('packer build failed (exit 3): amazon-ebs: no source AMI, sorry');
  });

  it('says when packer is missing', async () => {
    const { emit } = collect();
    const error = await runPacker(buildPackerCommand({ template: 't.json', cwd: dir, bin: join(dir, 'nope') }), {
      emit,
      signal: new AbortController().signal,
      scope: {},
    }).catch((e: unknown) => e);
    expect((error as HangarError).code).toBe('packer.missing');
  });

  it('sends SIGINT on abort and lets packer clean up', async () => {
    const marker = join(dir, 'got-sigint');
    const bin = fakePacker(
      'slow',
      `trap 'echo "1,,ui,say,==> amazon-ebs: cleaning up after interrupt"; touch ${marker}; exit 1' INT
echo '1,,ui,say,==> amazon-ebs: Waiting for instance'
while true; do sleep 0.05; done`,
    );
    const { events, emit } = collect();
    const controller = new AbortController();
    const running = runPacker(buildPackerCommand({ template: 't.json', cwd: dir, bin }), { emit, signal: controller.signal, scope: {}, graceMs: 10_000 });
    const outcome = running.catch((e: unknown) => e);
    await waitUntil(() => events.some((e) => e.type === 'progress'), 10_000, 'the first step');
    controller.abort();
    const error = (await outcome) as HangarError;
    expect(error.code).toBe('job.cancelled');
    expect(existsSync(marker)).toBe(true);
    expect(events.some((e) => e.type === 'progress' && e.label === 'amazon-ebs: cleaning up after interrupt')).toBe(true);
  });

  it('kills packer when it ignores SIGINT past the grace period', async () => {
    const bin = fakePacker('stubborn', `trap '' INT\necho '1,,ui,say,==> x: waiting'\nwhile true; do sleep 0.05; done`);
    const { events, emit } = collect();
    const controller = new AbortController();
    const outcome = runPacker(buildPackerCommand({ template: 't.json', cwd: dir, bin }), { emit, signal: controller.signal, scope: {}, graceMs: 200 }).catch(
      (e: unknown) => e,
    );
    await waitUntil(() => events.some((e) => e.type === 'progress'), 10_000, 'the first step');
    controller.abort();
    const error = (await outcome) as HangarError;
    expect(error.message).toContain('SIGKILL');
  });
});
