// OpenSSH connection reuse: the private ControlPath folder, and against a real sshd a second deploy riding the first one's master.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSshCommand, controlSocketOf, type SshOptions } from '../../src/deploy/command.js';
import { SOCKET_PATH_MAX, chooseControlDir, prepareControlDir, withConnectionReuse } from '../../src/deploy/control-path.js';
import { deployHosts, type DeployPlan } from '../../src/deploy/deploy-hosts.js';
import type { DeployTarget } from '../../src/deploy/fan-out.js';
import { type JobEvent, createEmitter } from '../../src/jobs/events.js';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { type Sshd, isAlive, startSshd } from './helpers/sshd.js';

const enabled = haveBinaries('/usr/sbin/sshd', 'ssh', 'ssh-keygen');
const scratch = mkdtempSync(join(tmpdir(), 'hangar-reuse-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const uid = process.getuid?.() ?? 0;
const quiet = { warn: () => undefined };

describe('the ControlPath folder', () => {
  it('is $XDG_RUNTIME_DIR/hangar-ssh, else <TMPDIR>/hangar-ssh-<uid>, else /tmp when those are too long for a socket', () => {
    expect(chooseControlDir({ XDG_RUNTIME_DIR: '/run/user/1000', TMPDIR: '/var/tmp' }, 1000)).toBe('/run/user/1000/hangar-ssh');
    expect(chooseControlDir({ TMPDIR: '/var/tmp' }, 1000)).toBe('/var/tmp/hangar-ssh-1000');
    expect(chooseControlDir({ XDG_RUNTIME_DIR: 'relative', TMPDIR: `/${'x'.repeat(60)}` }, 7)).toBe('/tmp/hangar-ssh-7');
    const dir = chooseControlDir({ TMPDIR: '/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T' }, 501)!;
    // The socket ssh binds first is `<dir>/<40 hex>.<16 chars>`: it must fit the 104-byte limit with its NUL.
    expect(Buffer.byteLength(`${dir}/${'a'.repeat(40)}.${'b'.repeat(16)}`) + 1).toBeLessThanOrEqual(SOCKET_PATH_MAX);
  });

  it('is created 0700; a looser one of ours is tightened; a link, a file or a stranger is refused', () => {
    const fresh = join(scratch, 'fresh', 'hangar-ssh-0');
    expect(prepareControlDir(fresh, uid)).toBeUndefined();
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    const loose = join(scratch, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    chmodSync(loose, 0o755);
    expect(prepareControlDir(loose, uid)).toBeUndefined();
    expect(statSync(loose).mode & 0o777).toBe(0o700);
    const link = join(scratch, 'link');
    symlinkSync(fresh, link);
    expect(prepareControlDir(link, uid)).toContain('not a folder');
    const file = join(scratch, 'file');
    writeFileSync(file, '');
    expect(prepareControlDir(file, uid)).toMatch(/not a folder|cannot prepare/);
    expect(prepareControlDir(fresh, uid + 1)).toContain('belongs to another user');
  });

  it('ssh gets ControlMaster=auto, ControlPersist and a socket of its own per host only when control_persist is above 0', () => {
    const base: SshOptions = { connectTimeout: 5, controlPersist: 60 };
    const on = withConnectionReuse(base, quiet, true, { TMPDIR: join(scratch, 'tmp%x') });
    const dir = join(scratch, 'tmp%x', `hangar-ssh-${uid}`);
    expect(on.reuse).toEqual({ dir, persist: 60 });
    const args = buildSshCommand({ address: '10.0.0.1' }, on, 'true').args;
    const socket = controlSocketOf(dir, { address: '10.0.0.1' }, on);
    // ssh expands %-tokens in ControlPath: the folder's `%` is doubled there.
    expect(args.join(' ')).toContain(`-o ControlMaster=auto -o ControlPersist=60 -o ControlPath=${socket.replaceAll('%', '%%')}`);
    expect(socket).toMatch(new RegExp(`^${dir}/[0-9a-f]{40}$`));
    expect(args.indexOf('--')).toBe(args.length - 3);
    // One socket per user, address, port and jump host; the same host always gets the same one.
    const sockets = new Set([
      socket,
      controlSocketOf(dir, { address: '10.0.0.1' }, on),
      controlSocketOf(dir, { address: '10.0.0.2' }, on),
      controlSocketOf(dir, { address: '10.0.0.1', user: 'ubuntu' }, on),
      controlSocketOf(dir, { address: '10.0.0.1' }, { port: 2222 }),
      controlSocketOf(dir, { address: '10.0.0.1' }, { bastion: 'ops@jump' }),
    ]);
    expect(sockets.size).toBe(5);
    const off = withConnectionReuse({ ...base, controlPersist: 0 }, quiet, true, { TMPDIR: scratch });
    expect(off.reuse).toBeUndefined();
    expect(buildSshCommand({ address: '10.0.0.1' }, off, 'true').args.join(' ')).not.toContain('Control');
  });

  it('says once why reuse is off and deploys without it when the folder cannot be used', () => {
    const warnings: string[] = [];
    const blocker = join(scratch, 'blocker');
    writeFileSync(blocker, '');
    const ssh = withConnectionReuse({ connectTimeout: 5, controlPersist: 60 }, { warn: (m: string) => warnings.push(m) }, true, { TMPDIR: blocker });
    expect(ssh.reuse).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('ssh connection reuse is off');
  });
});

describe.skipIf(!enabled)('connection reuse against a real sshd', () => {
  let sshd: Sshd;
  let controlDir: string;
  beforeAll(async () => {
    sshd = await startSshd(0);
    controlDir = join(scratch, 'cp');
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  const targets: DeployTarget[] = [{ instanceId: 'i-reuse', group: 'web', address: '127.0.0.1', user: 'root' }];
  const sshFor = (persist: number): SshOptions => {
    const ssh: SshOptions = { key: sshd.clientKey, port: sshd.port, connectTimeout: 5, knownHosts: join(sshd.dir, 'known_hosts'), controlPersist: persist };
    return persist > 0 ? { ...ssh, reuse: { dir: controlDir, persist } } : ssh;
  };
  const plan = (ssh: SshOptions, extra: Partial<DeployPlan> = {}): DeployPlan => ({
    targets,
    ssh,
    remoteCommand: 'echo hello',
    concurrency: 1,
    simulated: false,
    ...extra,
  });
  const deploy = (p: DeployPlan) => deployHosts({ emit: createEmitter(() => undefined), signal: new AbortController().signal }, p);
  /** `ssh -O check`: the master's pid, or undefined when none answers. */
  const masterPid = async (): Promise<number | undefined> => {
    const socket = controlSocketOf(controlDir, { address: '127.0.0.1', user: 'root' }, { port: sshd.port });
    const out = await execa('ssh', ['-O', 'check', '-o', `ControlPath=${socket}`, 'master'], {
      reject: false,
    });
    const pid = /pid=(\d+)/.exec(out.stderr)?.[1];
    return out.exitCode === 0 && pid ? Number(pid) : undefined;
  };

  it('control_persist 0 leaves no master behind', async () => {
    const [result] = await deploy(plan(sshFor(0)));
    expect(result?.status).toBe('ok');
    expect(existsSync(controlDir) ? readdirSync(controlDir) : []).toEqual([]);
  });

  it('the first deploy leaves a master and returns at once; the second rides it, even with new logins refused', async () => {
    prepareControlDir(controlDir, uid);
    const started = Date.now();
    const [first] = await deploy(plan(sshFor(60)));
    // Not held for ControlPersist's 60 s by the master's inherited output.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(first?.status).toBe('ok');
    const pid = await masterPid();
    expect(pid).toBeDefined();
    // With the key gone from authorized_keys a new connection cannot log in: only the master gets through.
    writeFileSync(join(sshd.dir, 'authorized_keys'), '');
    try {
      const [second] = await deploy(plan(sshFor(60)));
      expect(second?.status).toBe('ok');
      expect(await masterPid()).toBe(pid);
      const [off] = await deploy(plan(sshFor(0))).catch((error) => [{ status: 'failed', error }]);
      expect(off?.status).toBe('failed');
    } finally {
      writeFileSync(join(sshd.dir, 'authorized_keys'), await import('node:fs').then((fs) => fs.readFileSync(`${sshd.clientKey}.pub`)));
    }
  });

  it('a run past --timeout is stopped through the master, and the master serves the next run', async () => {
    const pid = await masterPid();
    expect(pid).toBeDefined();
    const started = Date.now();
    const error = await deploy(plan(sshFor(60), { remoteCommand: 'sleep 30', timeoutMs: 1000 })).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(String(error.message)).toContain('1 of 1 host failed');
    const [next] = await deploy(plan(sshFor(60)));
    expect(next?.status).toBe('ok');
    expect(await masterPid()).toBe(pid);
  });

  it('ctrl-c (abort) ends the deploy at once while the remote command still runs over the master', async () => {
    expect(await masterPid()).toBeDefined();
    const controller = new AbortController();
    const lines: string[] = [];
    const emit = createEmitter((e) => {
      if (e.type === 'log') lines.push(e.message);
    });
    const pending = deployHosts({ emit, signal: controller.signal }, plan(sshFor(60), { remoteCommand: 'echo started; sleep 30' })).catch((e) => e);
    await waitUntil(() => lines.includes('started'), 15_000, 'the remote command to start');
    const aborted = Date.now();
    controller.abort();
    const error = await pending;
    expect(Date.now() - aborted).toBeLessThan(5000);
    expect(String(error.message)).toContain('deploy cancelled');
  });

  it('a master that died is not reused: the next deploy connects anew and leaves a new master', async () => {
    const pid = await masterPid();
    expect(pid).toBeDefined();
    process.kill(pid!, 'SIGKILL');
    await waitUntil(() => !isAlive(pid!), 10_000, 'the master to die');
    // Its socket is still there; ControlMaster=auto finds nobody behind it, removes it and connects.
    expect(readdirSync(controlDir).length).toBe(1);
    const [result] = await deploy(plan(sshFor(60)));
    expect(result?.status).toBe('ok');
    const fresh = await masterPid();
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(pid);
  });

  it('a host that went away (sshd and its sessions gone) fails clearly and quickly instead of hanging on its master', async () => {
    expect(await masterPid()).toBeDefined();
    await sshd.stop();
    await waitUntil(async () => (await masterPid()) === undefined, 10_000, 'the master to notice its host is gone');
    const started = Date.now();
    const events: JobEvent[] = [];
    const error = await deployHosts(
      { emit: createEmitter((e) => events.push(e)), signal: new AbortController().signal },
      plan(sshFor(60), { timeoutMs: 30_000 }),
    ).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(String(error.message)).toContain('1 of 1 host failed');
    const result = events.find((e) => e.type === 'result');
    const [row] = (result?.type === 'result' ? (result.data as { hosts: { status: string; reason: string }[] }).hosts : []) ?? [];
    expect(row?.status).toBe('failed');
    expect(row?.reason).toMatch(/^ssh: .*Connection refused/);
  });
});
