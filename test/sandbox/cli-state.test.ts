// The CLI as a child process: a broken sandbox state is one error line and a hint (exit 2), sandbox:reset always recovers, port flags are checked.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForPort, waitUntil } from '../helpers/net.js';
import { CLI, hangar, tempProject } from '../helpers/project.js';
import { clientsFor } from './sandbox-fixture.js';

const project = tempProject();
const ENV = { HANGAR_SANDBOX_SPEED: '100', AWS_EC2_METADATA_DISABLED: 'true' };
const stateFile = join(project.dir, '.hangar', 'sandbox.json');

beforeAll(async () => {
  // A real state to break: seeded by a first run.
  const first = await hangar(project.dir, ['sandbox:reset'], ENV);
  expect(first.exitCode, first.stderr).toBe(0);
});
afterAll(() => project.cleanup());

const seeded = () => JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, any>;

const BROKEN: Array<{ name: string; text: () => string; path: RegExp }> = [
  { name: 'invalid JSON', text: () => '{"version": 1, "instances": [', path: /is broken: not JSON/ },
  { name: 'the wrong shape', text: () => '{"version":1,"instances":[]}', path: /is broken: createdAt: expected number/ },
  {
    name: 'tags: null',
    text: () => JSON.stringify({ ...seeded(), images: [{ ...seeded().images[0], tags: null }] }),
    path: /is broken: images\[0\]\.tags: expected object, got null/,
  },
];

describe('a broken .hangar/sandbox.json through the CLI', () => {
  it.each(BROKEN)('$name: instance:list --sandbox says it once with the hint; sandbox:reset --sandbox moves it aside', async ({ text, path }) => {
    const content = text();
    writeFileSync(stateFile, content);
    const list = await hangar(project.dir, ['instance:list', '--sandbox'], ENV);
    expect(list.exitCode, list.stderr).toBe(2);
    const errors = list.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: the sandbox state \.hangar\/sandbox\.json is broken: /);
    expect(errors[0]).toMatch(path);
    expect(list.stderr).toMatch(/^hint: hangar sandbox:reset/m);
    expect(list.stderr).not.toMatch(/\n\s+at |TypeError|SyntaxError/);
    expect(list.stderr.match(/is broken/g)).toHaveLength(1);

    const reset = await hangar(project.dir, ['sandbox:reset', '--sandbox'], ENV);
    expect(reset.exitCode, reset.stderr).toBe(0);
    const moved = /moved the broken file to (\.hangar\/sandbox\.json\.broken-\S+);/.exec(reset.stdout)?.[1];
    expect(moved, reset.stdout).toBeDefined();
    expect(readFileSync(join(project.dir, moved!), 'utf8')).toBe(content);
    const again = await hangar(project.dir, ['instance:list', '--sandbox'], ENV);
    expect(again.exitCode, again.stderr).toBe(0);
  });

  it('sandbox:reset without --sandbox recovers invalid JSON too, and says nothing was lost', async () => {
    writeFileSync(stateFile, 'not json at all');
    const reset = await hangar(project.dir, ['sandbox:reset'], ENV);
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stderr).toMatch(/moved it aside to \.hangar\/sandbox\.json\.broken-\S+ \(nothing deleted\)/);
    expect(readdirSync(join(project.dir, '.hangar')).filter((f) => f.startsWith('sandbox.json.broken-')).length).toBeGreaterThanOrEqual(BROKEN.length + 1);
    expect(existsSync(`${stateFile}.lock`)).toBe(false);
  });
});

describe('sandbox:serve on a broken state', () => {
  it('warns once at start, answers every call with the fix, and serves again once sandbox:reset ran beside it', async () => {
    writeFileSync(stateFile, '{"version":1,"instances":[null]}');
    const port = await freePort();
    const serve = execa('node', [CLI, 'sandbox:serve', '--port', String(port)], {
      cwd: project.dir,
      env: { NO_COLOR: '1', ...ENV },
      stdin: 'ignore',
      reject: false,
    });
    let stderr = '';
    serve.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await waitForPort(port);
      await waitUntil(() => stderr.includes('is broken'), 5000, 'the warning');
      expect(stderr).toMatch(/^warning: SANDBOX: the sandbox state \.hangar\/sandbox\.json is broken: createdAt: expected number.*fix: hangar sandbox:reset/m);
      const { ec2 } = clientsFor(`http://127.0.0.1:${port}`);
      await expect(ec2.send(new DescribeImagesCommand({}))).rejects.toMatchObject({ name: 'SandboxStateInvalid', $metadata: { attempts: 1 } });
      await expect(ec2.send(new DescribeImagesCommand({}))).rejects.toMatchObject({ name: 'SandboxStateInvalid' });
      const reset = await hangar(project.dir, ['sandbox:reset'], ENV);
      expect(reset.exitCode, reset.stderr).toBe(0);
      await expect(ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).resolves.toMatchObject({
        Images: [expect.objectContaining({ ImageId: 'ami-1ebb2077' })],
      });
      ec2.destroy();
      expect(stderr.match(/is broken/g)).toHaveLength(1);
    } finally {
      serve.kill('SIGINT');
      await serve;
    }
    expect(serve.exitCode).toBe(0);
  });
});

describe('sandbox:serve --port', () => {
  it.each(['70000', '0', '-1', '80.5', 'http'])('refuses --port %s with exit 2, naming the flag and its range', async (port) => {
    const result = await hangar(project.dir, ['sandbox:serve', `--port=${port}`], ENV);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: sandbox:serve: --port /);
    expect(result.stderr).toMatch(/between 1 and 65535|whole number|expects a number/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says a port in use in one line (exit 1) with what to do', async () => {
    const taken = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const result = await hangar(project.dir, ['sandbox:serve', '--port', String(port)], ENV);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`error: the sandbox cannot listen on 127.0.0.1:${port}: it is in use`);
      expect(result.stderr).toMatch(/^hint: pass another --port/m);
    } finally {
      taken.close();
    }
  });
});
