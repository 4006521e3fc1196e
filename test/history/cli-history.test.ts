// History from the CLI: one record per run (success, failure, cancel, interruption), two writers lose nothing, no secret kept.
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmitter } from '../../src/jobs/events.js';
import { acquireLocks } from '../../src/locks/acquire.js';
import { historyPath, readHistory } from '../../src/history/store.js';
import { CLI, hangar } from '../helpers/project.js';
import { writeSmallFleet } from '../helpers/small-fleet.js';
import { waitUntil } from '../helpers/net.js';
import { type World, afterSecondOf, asgsOf, registerAmi, startWorld } from '../autoscale/world.js';

const SECRET = 'sEcReT-Value-7f3a9c';
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

/** `web` autoscales with no services; a long drain leaves time to interrupt it. */
const writeProject = (dir: string, drain: number) => writeSmallFleet(dir, { web: drain });

describe('history of CLI runs', () => {
  let world: World;
  const run = (...args: string[]) => hangar(world.dir, [...args, '--endpoint', world.sandbox.url], ENV);
  const spawn = (...args: string[]) =>
    execa('node', [CLI, ...args, '--endpoint', world.sandbox.url], {
      cwd: world.dir,
      env: { NO_COLOR: '1', ...ENV },
      reject: false,
      stdin: 'ignore',
      buffer: true,
    });
  const records = () => readHistory(world.dir).entries.map((e) => e.record);
  const last = () => records().at(-1)!;

  beforeAll(async () => {
    expect(existsSync(CLI), 'build first: npm run build').toBe(true);
    world = await startWorld();
    writeProject(world.dir, 30);
    await registerAmi(world, 'web');
  });
  afterAll(async () => world?.close());

  it('success and failure: state, exit code, what was created, the error', async () => {
    const ok = await run('autoscale:run', 'web', '--wait');
    expect(ok.exitCode, ok.stderr).toBe(0);
    const [asg] = await asgsOf(world, 'web');
    expect(last()).toMatchObject({
      action: 'autoscale:run',
      groups: ['web'],
      state: 'succeeded',
      exit: 0,
      from: 'cli',
      flags: { wait: true },
      created: [`ASG ${asg!.AutoScalingGroupName}`],
    });
    expect(last().by).toMatch(/^\S+@\S+$/);
    expect(Date.parse(last().end)).toBeGreaterThanOrEqual(Date.parse(last().start));

    const failed = await run('autoscale:run', 'web');
    expect(failed.exitCode).toBe(1);
    expect(last()).toMatchObject({ action: 'autoscale:run', state: 'failed', exit: 1 });
    expect(last().error).toContain('web already has an ASG');
  });

  it('ctrl-c while waiting for a lock: cancelled, nothing changed', async () => {
    const held = await acquireLocks({
      scope: 'groups',
      action: 'test',
      groups: ['web'],
      dir: world.dir,
      localOnly: false,
      registry: undefined,
      env: {},
      waitMs: 0,
      signal: new AbortController().signal,
      emit: createEmitter(() => undefined),
    });
    try {
      const child = spawn('autoscale:update', 'web', '--yes', '--wait-lock', '60');
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await waitUntil(() => out.includes('waiting for the lock of web'), 10_000, 'the update to wait for the lock');
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(1);
      expect(last()).toMatchObject({ action: 'autoscale:update', state: 'cancelled', exit: 1 });
      expect(last().finish).toBeUndefined();
    } finally {
      await held.release();
    }
  });

  it('ctrl-c during the drain: INTERRUPTED with the command that finishes it; history shows it; --resume finishes', async () => {
    const [old] = await asgsOf(world, 'web');
    await afterSecondOf(old!.AutoScalingGroupName);
    const child = spawn('autoscale:update', 'web', '--yes');
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitUntil(() => out.includes('draining: waiting'), 20_000, 'the drain');
    child.kill('SIGINT');
    const interrupted = await child;
    expect(interrupted.exitCode).toBe(1);
    // ctrl-c says at once what stopping now leaves, then what exists and how to finish.
    expect(interrupted.stderr).toMatch(
      /interrupted: stopping and cleaning up .*\n {2}web: two ASGs will stay \(the new one in service, web-\d{14} not retired\): run `hangar autoscale:update web --resume --yes --endpoint http:\/\/127\.0\.0\.1:\d+`/,
    );
    expect(interrupted.stdout).toContain('[web] what exists now:');
    expect(last()).toMatchObject({
      action: 'autoscale:update',
      state: 'interrupted',
      finish: `hangar autoscale:update web --resume --yes --endpoint ${world.sandbox.url}`,
    });

    const shown = await run('history', 'web');
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toMatch(
      /autoscale:update web {2}INTERRUPTED \(exit 1, \d+s, cli\)\n {4}error: .*\n {4}left half-done: finish it with: hangar autoscale:update web --resume --yes --endpoint http:\/\/127\.0\.0\.1:\d+/,
    );
    const json = await run('history', 'web', '--json');
    const result = json.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'result');
    expect(result.data.at(-1)).toMatchObject({ state: 'interrupted', finish: `hangar autoscale:update web --resume --yes --endpoint ${world.sandbox.url}` });

    // The resume need not wait the long drain again.
    writeProject(world.dir, 0);
    const finished = await run('autoscale:update', 'web', '--yes', '--resume');
    expect(finished.exitCode, finished.stderr).toBe(0);
    expect(finished.stdout).toContain('in service');
    expect(last()).toMatchObject({ state: 'succeeded', flags: { resume: true } });
    expect(last().deleted).toEqual([`ASG ${old!.AutoScalingGroupName}`]);
    expect(await asgsOf(world, 'web')).toHaveLength(1);
  });

  it('two writers at once append without loss; no secret in any record', async () => {
    const before = records().length;
    const loop = async () => {
      for (let i = 0; i < 6; i++) expect((await run('config:show', 'web')).exitCode).toBe(0);
    };
    await Promise.all([loop(), loop()]);
    const lines = readFileSync(historyPath(world.dir), 'utf8').split('\n').filter(Boolean);
    expect(readHistory(world.dir).warnings).toEqual([]);
    expect(records()).toHaveLength(before + 12);
    expect(lines).toHaveLength(before + 12);

    const deploy = await run('instance:deploy', 'web', '--dry-run', '--command', `echo ${SECRET}`);
    expect(deploy.exitCode, deploy.stderr).toBe(0);
    expect(last()).toMatchObject({ action: 'instance:deploy', flags: { 'dry-run': true, command: 'echo (left out)' } });
    expect(readFileSync(historyPath(world.dir), 'utf8')).not.toContain(SECRET);
  });
});
