// Connect ahead against a real sshd on three loopback addresses: one ssh and one login per host, the gate holds the command until its turn (and kills its ssh when hangar dies), a refused login, ctrl-c, a conversation after the gate.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SshOptions, TURN_GATE, buildSshCommand, controlSocketOf } from '../../src/deploy/command.js';
import { deployHosts } from '../../src/deploy/deploy-hosts.js';
import type { DeployTarget } from '../../src/deploy/fan-out.js';
import { type Runner, runCommand } from '../../src/deploy/runner.js';
import { type JobEvent, createEmitter } from '../../src/jobs/events.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type Sshd, startSshd } from './helpers/sshd.js';

const enabled = haveBinaries('/usr/sbin/sshd', 'ssh', 'ssh-keygen');
const scratch = mkdtempSync(join(tmpdir(), 'hangar-ahead-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3'];
const host = (address: string, i: number): DeployTarget => ({ instanceId: `i-ahead-${i}`, group: 'web', address, user: 'root' });

describe.skipIf(!enabled)('connect ahead against a real sshd', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd(0, { addresses: ADDRESSES, logLevel: 'INFO' });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  /** A fresh private control folder per test: every deploy starts with no master. */
  const freshDir = (): string => {
    const dir = mkdtempSync(join(scratch, 'cp-'));
    chmodSync(dir, 0o700);
    return dir;
  };
  const sshIn = (dir: string): SshOptions => ({
    key: sshd.clientKey,
    port: sshd.port,
    connectTimeout: 5,
    knownHosts: join(sshd.dir, 'known_hosts'),
    controlPersist: 60,
    reuse: { dir, persist: 60 },
  });
  /** The real runner, recording each command's argv. */
  const recording = () => {
    const commands: string[][] = [];
    const runner: Runner = (command, options) => {
      commands.push(command.args);
      return runCommand(command, options);
    };
    return { commands, runner, of: (address: string) => commands.filter((args) => args.includes(address)) };
  };
  const logins = (): number => (readFileSync(join(sshd.dir, 'sshd.log'), 'utf8').match(/Accepted publickey/g) ?? []).length;
  const socketOf = (dir: string, address: string): string => controlSocketOf(dir, { address, user: 'root' }, { port: sshd.port });
  const gated = (args: string[] | undefined): boolean => args?.includes(`LocalCommand=${TURN_GATE}`) ?? false;
  const masterAnswers = async (dir: string, address: string): Promise<boolean> =>
    (
      await execa('ssh', ['-O', 'check', '-o', `ControlPath=${controlSocketOf(dir, { address, user: 'root' }, { port: sshd.port })}`, 'master'], {
        reject: false,
      })
    ).exitCode === 0;

  it('starts the next host run while one runs: it logs in, waits at its gate, and its command starts at its turn; one ssh and one login per host', async () => {
    const dir = freshDir();
    const { runner, of } = recording();
    const events: JobEvent[] = [];
    const before = logins();
    const pending = deployHosts(
      { emit: createEmitter((e) => events.push(e)), signal: new AbortController().signal, runner },
      { targets: ADDRESSES.map(host), ssh: sshIn(dir), remoteCommand: 'echo "start $(date +%s%3N)"; sleep 1', concurrency: 1, simulated: false },
    );
    const message = (source: string, text: string) => events.find((e) => 'message' in e && e.source === source && e.message.startsWith(text));
    // While the first host's command runs, the second host is logged in (its master's socket is there) and waits.
    await waitUntil(() => existsSync(socketOf(dir, '127.0.0.2')), 15_000, 'the second host to be logged in ahead');
    expect(message('i-ahead-0', 'done in')).toBeUndefined();
    expect(message('i-ahead-1', 'start')).toBeUndefined();
    const results = await pending;
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(logins() - before).toBe(3);
    // Each gated command started only after the host before it was done (remote clock = local clock here).
    for (const [prev, next] of [
      ['i-ahead-0', 'i-ahead-1'],
      ['i-ahead-1', 'i-ahead-2'],
    ] as const) {
      const done = message(prev, 'done in');
      const start = Number((message(next, 'start') as { message: string }).message.split(' ')[1]);
      expect(start).toBeGreaterThanOrEqual(done?.at ?? Number.POSITIVE_INFINITY);
    }
    // The first host had a free slot and no gate; the others were started ahead, each once.
    expect(ADDRESSES.map((a) => of(a).length)).toEqual([1, 1, 1]);
    expect(ADDRESSES.map((a) => gated(of(a)[0]))).toEqual([false, true, true]);
    for (const address of ADDRESSES) expect(await masterAnswers(dir, address)).toBe(true);
  });

  it('a host whose login is refused while it waits fails at its turn with ssh words, and is not tried again; the others go on', async () => {
    const dir = freshDir();
    const { runner, of } = recording();
    const events: JobEvent[] = [];
    const targets = ['127.0.0.1', '127.0.0.4', '127.0.0.2'].map(host);
    const error = await deployHosts(
      { emit: createEmitter((e) => events.push(e)), signal: new AbortController().signal, runner },
      { targets, ssh: sshIn(dir), remoteCommand: 'echo ran', concurrency: 1, simulated: false },
    ).catch((e) => e);
    expect(String(error.message)).toContain('1 of 3 hosts failed: i-ahead-1');
    const result = events.find((e) => e.type === 'result');
    const rows = result?.type === 'result' ? (result.data as { hosts: { status: string; reason?: string }[] }).hosts : [];
    expect(rows.map((r) => r.status)).toEqual(['ok', 'failed', 'ok']);
    expect(rows[1]?.reason).toMatch(/^ssh: .*Connection refused/);
    // Nothing listens on 127.0.0.4: one ssh, started ahead, and no second try.
    expect(of('127.0.0.4')).toHaveLength(1);
    expect(gated(of('127.0.0.4')[0])).toBe(true);
  });

  it('a login that stalls (a banner, then silence) is stopped at --timeout from its turn: the host times out, ssh started once', async () => {
    // Where sshd does not listen, on the same port: a server that says hello and then nothing, so the key exchange waits.
    const stalls = createServer((socket) => socket.write('SSH-2.0-Stall\r\n'));
    await new Promise<void>((resolve) => stalls.listen(sshd.port, '127.0.0.4', resolve));
    try {
      const dir = freshDir();
      const { runner, of } = recording();
      const events: JobEvent[] = [];
      const started = Date.now();
      const error = await deployHosts(
        { emit: createEmitter((e) => events.push(e)), signal: new AbortController().signal, runner },
        { targets: ['127.0.0.1', '127.0.0.4'].map(host), ssh: sshIn(dir), remoteCommand: 'echo ran', concurrency: 1, timeoutMs: 2000, simulated: false },
      ).catch((e) => e);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(String(error.message)).toContain('1 of 2 hosts failed: i-ahead-1');
      const result = events.find((e) => e.type === 'result');
      const rows = result?.type === 'result' ? (result.data as { hosts: { status: string; reason?: string }[] }).hosts : [];
      expect(rows.map((r) => r.status)).toEqual(['ok', 'timeout']);
      expect(rows[1]?.reason).toBe('killed after 2 s');
      expect(of('127.0.0.4')).toHaveLength(1);
    } finally {
      stalls.close();
    }
  });

  it('ctrl-c stops the runs waiting at their gate before their command, removes their sockets, and keeps the master of the host that ran', async () => {
    const dir = freshDir();
    const controller = new AbortController();
    const { runner, of } = recording();
    const lines: string[] = [];
    const emit = createEmitter((e) => {
      if (e.type === 'log') lines.push(`${e.source} ${e.message}`);
    });
    const pending = deployHosts(
      { emit, signal: controller.signal, runner },
      { targets: ADDRESSES.map(host), ssh: sshIn(dir), remoteCommand: 'echo started; sleep 30', concurrency: 1, simulated: false },
    ).catch((e) => e);
    await waitUntil(() => lines.includes('i-ahead-0 started'), 15_000, 'the first run to start');
    await waitUntil(() => existsSync(socketOf(dir, '127.0.0.2')), 15_000, 'the second host to be logged in ahead');
    controller.abort();
    const error = await pending;
    expect(String(error.message)).toContain('deploy cancelled');
    // The second host was logged in and waiting: its command never ran, and nothing is left of its master.
    expect(lines).not.toContain('i-ahead-1 started');
    expect(existsSync(socketOf(dir, '127.0.0.2'))).toBe(false);
    // The third host was never started (one ahead at -n 1); the first ran and keeps its master for the next deploy.
    expect(of('127.0.0.3')).toEqual([]);
    expect(await masterAnswers(dir, '127.0.0.1')).toBe(true);
  });

  it('a run waiting at its gate whose stdin ends without its turn (hangar killed, even by SIGKILL) dies there: the command never runs', async () => {
    const dir = freshDir();
    const marker = join(scratch, `ran-${Date.now()}`);
    const command = buildSshCommand({ address: '127.0.0.2', user: 'root' }, sshIn(dir), `touch ${marker}`, { waitForTurn: true });
    const child = spawn(command.file, command.args, { env: { ...process.env, ...command.env }, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    await waitUntil(() => existsSync(socketOf(dir, '127.0.0.2')), 15_000, 'the run to log in and wait at its gate');
    // What a SIGKILLed hangar leaves: the write end of stdin closed, no newline.
    child.stdin.end();
    expect(await exited).toBe('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(marker)).toBe(false);
  });

  it('a gated run that converses on stdin (the chef repo sync): the gate takes its newline only, the conversation follows', async () => {
    const dir = freshDir();
    const command = buildSshCommand({ address: '127.0.0.3', user: 'root' }, sshIn(dir), 'echo ask; read -r line; echo "got $line"', { waitForTurn: true });
    const lines: string[] = [];
    let go = (): void => undefined;
    const turn = new Promise<void>((resolve) => (go = resolve));
    const pending = runCommand(command, {
      turn,
      onLine: (line) => lines.push(line),
      converse: (line) => (line === 'ask' ? Buffer.from('hello\n') : undefined),
    });
    await waitUntil(() => existsSync(socketOf(dir, '127.0.0.3')), 15_000, 'the run to wait at its gate');
    // Only ssh's own words so far (a first contact adds the host key): the command has not started.
    const remote = () => lines.filter((line) => !line.startsWith('Warning: Permanently added'));
    expect(remote()).toEqual([]);
    go();
    expect(await pending).toMatchObject({ status: 'ok', exitCode: 0 });
    expect(remote()).toEqual(['ask', 'got hello']);
  });
});
