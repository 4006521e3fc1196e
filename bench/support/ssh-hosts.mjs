// 40 loopback "hosts" for the deploy bench: sshd listening on 127.0.0.2..41 (16 addresses per sshd, its limit), one host key, known_hosts written.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from '../lib.mjs';

/** sshd refuses more than 16 listen sockets (MAX_LISTEN_SOCKS). */
const ADDRESSES_PER_SSHD = 16;

export const addressRange = (count) => Array.from({ length: count }, (_, i) => `127.0.0.${i + 2}`);

const reachable = (host, port) =>
  import('node:net').then(
    ({ createConnection }) =>
      new Promise((resolve) => {
        const socket = createConnection({ host, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
  );

/** Starts the sshd processes; every address gets the same port, host key and authorized key. */
export async function startSshHosts(dir, addresses) {
  const port = await freePort();
  for (const name of ['hostkey', 'clientkey']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'clientkey.pub')));
  mkdirSync('/run/sshd', { recursive: true });
  const pids = [];
  for (let start = 0; start < addresses.length; start += ADDRESSES_PER_SSHD) {
    const index = pids.length;
    const config = [
      `Port ${port}`,
      ...addresses.slice(start, start + ADDRESSES_PER_SSHD).map((a) => `ListenAddress ${a}`),
      `HostKey ${join(dir, 'hostkey')}`,
      `PidFile ${join(dir, `sshd-${index}.pid`)}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'MaxStartups 200',
      'MaxSessions 200',
      'LogLevel ERROR',
      // bash sources ~/.bashrc for a command run by sshd at shell level 1; a user's rc (on the development machine,
      // root's runs pyenv, about 100 ms and a lock every session takes in turn) would be measured for every tool.
      'SetEnv SHLVL=1',
    ];
    writeFileSync(join(dir, `sshd-${index}.conf`), `${config.join('\n')}\n`);
    execFileSync('/usr/sbin/sshd', ['-f', join(dir, `sshd-${index}.conf`), '-E', join(dir, `sshd-${index}.log`)]);
    const pidFile = join(dir, `sshd-${index}.pid`);
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim(), 'sshd pid file');
    pids.push(Number(readFileSync(pidFile, 'utf8').trim()));
  }
  for (const address of addresses) await waitFor(() => reachable(address, port), `sshd on ${address}`);
  // Every tool starts with the hosts known (the same for all: nobody pays for writing known_hosts).
  const hostKey = readFileSync(join(dir, 'hostkey.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, addresses.map((a) => `[${a}]:${port} ${hostKey}\n`).join(''));
  return { port, key: join(dir, 'clientkey'), knownHosts, pids };
}

/** Every process whose parent chain leads to one of `roots` (the sshd listeners' session processes). */
function descendantsOf(roots) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!found.has(pid) && found.has(parent)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/** Stops the sshd processes and every session they started (so no persisting ssh master outlives the bench). */
export function stopSshHosts(hosts) {
  for (const pid of descendantsOf(hosts.pids).reverse()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
