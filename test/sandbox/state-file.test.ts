// A broken .hangar/sandbox.json: one line naming the file and the first bad path, answered once (not per SDK retry); reset moves it aside.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HangarError } from '../../src/errors.js';
import { type SandboxState, readSandboxState, resetSandbox } from '../../src/sandbox/index.js';
import { type Fixture, clientsFor, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
let good: SandboxState;
beforeAll(async () => {
  fx = await startFixture();
  await fx.ec2.send(new RunInstancesCommand({ ImageId: 'ami-1ebb2077', MinCount: 1, MaxCount: 1 }));
  good = readSandboxState(fx.sandbox.stateFile)!;
});
afterAll(async () => {
  await fx?.close();
});

/** The good state with one change made by `edit`, as file text. */
const broken = (edit: (state: Record<string, any>) => void): string => {
  const copy = structuredClone(good) as unknown as Record<string, any>;
  edit(copy);
  return JSON.stringify(copy);
};

const CASES: Array<{ name: string; text: () => string; says: RegExp }> = [
  { name: 'not JSON', text: () => '{"version": 1,', says: /is broken: not JSON/ },
  { name: 'a version and no instances', text: () => '{"version":1,"instances":[]}', says: /is broken: createdAt: expected number, got nothing/ },
  { name: 'instances: [null]', text: () => broken((s) => (s.instances = [null])), says: /is broken: instances\[0\]: expected object, got null/ },
  { name: 'tags: null', text: () => broken((s) => (s.images[0].tags = null)), says: /is broken: images\[0\]\.tags: expected object, got null/ },
  {
    name: 'an address off the machine',
    text: () => broken((s) => (s.instances[0].privateIp = '10.1.2.3')),
    says: /instances\[0\]\.privateIp: must be a loopback address/,
  },
  { name: 'a counter of the wrong type', text: () => broken((s) => (s.publicCounter = 'two')), says: /is broken: publicCounter: expected number, got "two"/ },
  { name: 'an array', text: () => '[]', says: /is broken: \(top level\): expected object, got an array/ },
  { name: 'another version', text: () => broken((s) => (s.version = 2)), says: /is broken: version: expected 1$/ },
];

describe('loading a broken state file', () => {
  it.each(CASES)('$name: one line naming the file and the first bad path, the hint hangar sandbox:reset', ({ text, says }) => {
    writeFileSync(fx.sandbox.stateFile, text());
    let thrown: unknown;
    try {
      readSandboxState(fx.sandbox.stateFile);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HangarError);
    const error = thrown as HangarError;
    expect(error.code).toBe('sandbox.state');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(says);
    expect(error.message).toContain('sandbox.json');
    expect(error.message).not.toContain('\n');
    expect(error.hint).toMatch(/^hangar sandbox:reset/);
  });

  it('is answered once to an SDK call (a 400 it does not retry) and logged once, however many calls meet it', async () => {
    writeFileSync(
      fx.sandbox.stateFile,
      broken((s) => (s.instances = [null])),
    );
    const { ec2 } = clientsFor(fx.sandbox.url, 'us-east-1', 3);
    const before = fx.logs.length;
    for (let n = 0; n < 3; n++) {
      await expect(ec2.send(new DescribeImagesCommand({}))).rejects.toMatchObject({
        name: 'SandboxStateInvalid',
        message: expect.stringMatching(/instances\[0\]: expected object, got null; fix: hangar sandbox:reset/),
        $metadata: { attempts: 1, httpStatusCode: 400 },
      });
    }
    ec2.destroy();
    const said = fx.logs.slice(before).filter((line) => line.includes('is broken'));
    expect(said).toHaveLength(1);
    expect(fx.logs.join('\n')).not.toMatch(/internal error|\n\s+at /);
  });

  it.each(CASES)('$name: sandbox:reset moves it aside unchanged and seeds a fresh state', async ({ text }) => {
    const content = text();
    writeFileSync(fx.sandbox.stateFile, content);
    const result = await resetSandbox(fx.sandbox.stateFile, undefined);
    expect(result.movedAside).toMatch(/sandbox\.json\.broken-\d{8}T\d{6}Z(-\d+)?$/);
    expect(readFileSync(result.movedAside!, 'utf8')).toBe(content);
    expect(readSandboxState(fx.sandbox.stateFile)!.instances).toEqual([]);
    await expect(fx.ec2.send(new DescribeImagesCommand({}))).resolves.toMatchObject({ Images: expect.any(Array) });
  });

  it('kept every broken file, one name each', () => {
    const dir = dirname(fx.sandbox.stateFile);
    expect(readdirSync(dir).filter((f) => f.startsWith('sandbox.json.broken-'))).toHaveLength(CASES.length);
    expect(readdirSync(dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
    expect(join(dir, 'sandbox.json')).toBe(fx.sandbox.stateFile);
  });
});
