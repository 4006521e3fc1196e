// A real sshd on a free loopback port (temp host key, temp authorized key) and a fake chef-solo that records its runs.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { freePort, waitForPort, waitUntil } from '../../helpers/net.js';

export interface Sshd {
  dir: string;
  port: number;
  /** Private key the client logs in with (as root). */
  clientKey: string;
  /** Absolute path of the fake chef-solo. */
  chefSolo: string;
  /** Where the fake records `start <seq> <ns>` / `end <seq> <ns>`. */
  runsLog: string;
  /** Makes run number `seq` (1-based, in start order) exit with `code`. */
  failRun(seq: number, code: number): void;
  /** The listening sshd's pid (its sessions are its children). */
  pid: number;
  stop(): Promise<void>;
}

const FAKE_CHEF_SOLO = `#!/bin/sh
# A fake chef-solo: takes a sequence number, records start/end (ns), sleeps, exits as told by files in its folder.
dir="$(dirname "$0")/.."
i=1
while ! mkdir "$dir/seq/$i" 2>/dev/null; do i=$((i+1)); done
echo "start $i $(date +%s%N)" >> "$dir/runs.log"
echo "Starting Chef Infra Client (fake) run $i args: $*"
echo "Converging 3 resources"
sleep "$(cat "$dir/sleep")"
code=0
[ -f "$dir/fail-$i" ] && code=$(cat "$dir/fail-$i")
echo "end $i $(date +%s%N)" >> "$dir/runs.log"
echo "Chef Infra Client finished (fake) run $i exit $code"
exit "$code"
`;

export interface SshdOptions {
  /** Loopback addresses it listens on (default 127.0.0.1 alone). */
  addresses?: readonly string[];
  /** sshd's LogLevel (default ERROR; INFO logs each login as `Accepted publickey`). */
  logLevel?: 'ERROR' | 'INFO';
}

/** Starts sshd; every run of the fake sleeps `sleepSeconds`. */
export async function startSshd(sleepSeconds = 0.3, options: SshdOptions = {}): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'hangar-sshd-'));
  const port = await freePort();
  const keygen = (name: string) => execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  await Promise.all([keygen('hostkey'), keygen('clientkey')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'clientkey.pub')));
  mkdirSync('/run/sshd', { recursive: true });
  const config = [
    `Port ${port}`,
    ...(options.addresses ?? ['127.0.0.1']).map((address) => `ListenAddress ${address}`),
    `HostKey ${join(dir, 'hostkey')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    // 40 sessions at once in the bench: never drop a connection that is still authenticating.
    'MaxStartups 200',
    'MaxSessions 200',
    `LogLevel ${options.logLevel ?? 'ERROR'}`,
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), `${config}\n`);
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'seq'));
  const chefSolo = join(dir, 'bin', 'chef-solo');
  writeFileSync(chefSolo, FAKE_CHEF_SOLO);
  chmodSync(chefSolo, 0o755);
  writeFileSync(join(dir, 'sleep'), String(sleepSeconds));
  const runsLog = join(dir, 'runs.log');
  writeFileSync(runsLog, '');

  await execa('/usr/sbin/sshd', ['-t', '-f', join(dir, 'sshd_config')]);
  await execa('/usr/sbin/sshd', ['-f', join(dir, 'sshd_config'), '-E', join(dir, 'sshd.log')]);
  const pidFile = join(dir, 'sshd.pid');
  await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim(), 10_000, 'sshd pid file');
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  await waitForPort(port);
  return {
    dir,
    port,
    clientKey: join(dir, 'clientkey'),
    chefSolo,
    runsLog,
    failRun: (seq, code) => writeFileSync(join(dir, `fail-${seq}`), String(code)),
    pid,
    async stop() {
      // The listener and every session it started: a session kept open by a persisting ssh master would outlive it.
      for (const target of [pid, ...descendantsOf(pid)]) {
        try {
          process.kill(target, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await waitUntil(() => !isAlive(pid), 10_000, 'sshd to exit').catch(() => undefined);
      // Remote commands outlive a killed ssh client (no tty, no SIGHUP): end the ones this sshd started.
      for (const straggler of processesWith(dir, () => true)) {
        try {
          process.kill(straggler, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every process below `root` (children, their children...), from /proc. */
export function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parentOf) {
      if (!found.has(child) && found.has(parent)) {
        found.add(child);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface Run {
  seq: number;
  start: number;
  end: number | undefined;
}

/** The fake's runs, from its log (times in ms). */
export function readRuns(runsLog: string): Run[] {
  const runs = new Map<number, Run>();
  for (const line of readFileSync(runsLog, 'utf8').split('\n')) {
    const [kind, seq, ns] = line.split(' ');
    if (!kind || !seq || !ns) continue;
    const run = runs.get(Number(seq)) ?? { seq: Number(seq), start: 0, end: undefined };
    if (kind === 'start') run.start = Number(BigInt(ns) / 1_000_000n);
    else run.end = Number(BigInt(ns) / 1_000_000n);
    runs.set(run.seq, run);
  }
  return [...runs.values()].sort((a, b) => a.seq - b.seq);
}

/** The most runs that were going on at the same moment. */
export function maxOverlap(runs: readonly Run[]): number {
  const edges = runs.flatMap((r) => [
    { at: r.start, delta: 1 },
    { at: r.end ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  // At equal times an end comes first: a run that ends as the next starts does not overlap it.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const edge of edges) {
    current += edge.delta;
    max = Math.max(max, current);
  }
  return max;
}

/** PIDs of processes whose command line contains `needle`: by default only ssh clients (e.g. still running a test's command). */
export function processesWith(needle: string, keep: (argv: string[]) => boolean = (argv) => Boolean(argv[0]?.endsWith('ssh'))): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (keep(cmdline) && cmdline.some((arg) => arg.includes(needle))) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
