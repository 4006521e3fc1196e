// Build the ssh command object that runs the provision command on one host (argv only, never a shell string).
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** A process to run: the program, its argv and extra environment (added to the inherited one). */
export interface Command {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** How hangar reaches every host: from __settings__.ssh and the command's flags. */
export interface SshOptions {
  /** Private key file (`-i`); when set, only that identity is offered. */
  key?: string | undefined;
  /** `-p`; unset leaves it to ~/.ssh/config (default 22). */
  port?: number | undefined;
  /** Seconds (ConnectTimeout). */
  connectTimeout: number;
  /** A known_hosts file used instead of ~/.ssh/known_hosts. */
  knownHosts?: string | undefined;
  /** A jump host (`ProxyJump`), e.g. `ops@bastion.example.com`. */
  bastion?: string | undefined;
  /** Seconds an idle connection is kept for reuse (__settings__.ssh.control_persist); 0: no reuse. */
  controlPersist?: number | undefined;
  /** Start the next N hosts' runs while N run, each waiting at a gate for its turn (__settings__.ssh.connect_ahead; needs `reuse`). */
  connectAhead?: boolean | undefined;
  /** Connection reuse: the private folder of the masters' sockets (one per host: controlSocketOf), and how long a master outlives its last session. */
  reuse?: { dir: string; persist: number } | undefined;
}

export interface SshHost {
  /** IP address or DNS name. */
  address: string;
  /** Login name (`-l`); unset leaves it to ~/.ssh/config. */
  user?: string | undefined;
}

/**
 * The socket of `host`'s master in `dir`: 40 hex characters of a hash of user, address, port and jump host, one per
 * connection as ssh's own `%C` is. hangar names it itself so that it can tell, without starting a process, whether
 * a host has a master before starting its run ahead (src/deploy/ssh-ahead.ts).
 */
export function controlSocketOf(dir: string, host: SshHost, ssh: Pick<SshOptions, 'port' | 'bastion'>): string {
  const key = JSON.stringify([host.user ?? '', host.address, ssh.port ?? '', ssh.bastion ?? '']);
  return join(dir, createHash('sha1').update(key).digest('hex'));
}

/** The options every ssh run hangar starts gets for `host`, gated or not. */
function sshOptionArgs(host: SshHost, ssh: SshOptions): string[] {
  const option = (name: string, value: string | number) => ['-o', `${name}=${value}`];
  return [
    ...option('BatchMode', 'yes'),
    ...option('StrictHostKeyChecking', 'accept-new'),
    ...option('ConnectTimeout', ssh.connectTimeout),
    ...option('ServerAliveInterval', 15),
    ...option('ServerAliveCountMax', 3),
    ...(ssh.knownHosts ? option('UserKnownHostsFile', ssh.knownHosts) : []),
    ...(ssh.key ? ['-i', ssh.key, ...option('IdentitiesOnly', 'yes')] : []),
    ...(ssh.bastion ? option('ProxyJump', ssh.bastion) : []),
    ...(ssh.reuse
      ? [
          ...option('ControlMaster', 'auto'),
          ...option('ControlPersist', ssh.reuse.persist),
          // ssh expands %-tokens in ControlPath: a `%` in the folder is doubled.
          ...option('ControlPath', controlSocketOf(ssh.reuse.dir, host, ssh).replaceAll('%', '%%')),
        ]
      : []),
    ...(ssh.port === undefined ? [] : ['-p', String(ssh.port)]),
    ...(host.user ? ['-l', host.user] : []),
  ];
}

/**
 * The gate of a run started ahead of its turn (src/deploy/connect-ahead.ts): ssh runs its LocalCommand once logged
 * in (and, with reuse, once its master's socket is there), before it asks the host for the command, and waits for
 * it to end; it ends on the one newline hangar writes to stdin at the host's turn. ssh runs it with `$SHELL -c`:
 * such an ssh gets SHELL=/bin/sh, whose `read` builtin takes that line and nothing after it, without a process of
 * its own. When stdin ends without the newline (hangar died, even by SIGKILL), the gate kills its ssh (its parent)
 * instead: ssh ignores a LocalCommand's exit status and would go on to run the command.
 */
export const TURN_GATE = 'read -r _ || kill $PPID';
const GATE_SHELL = '/bin/sh';

/**
 * `ssh <options> -- <address> <remote command>`: BatchMode (never a password prompt),
 * accept-new host keys, a connect timeout, keep-alives so a dead host is noticed; with `reuse`, OpenSSH's own
 * connection sharing (the first run to a host leaves a master behind, later runs within ControlPersist ride it;
 * a master that died leaves a socket ssh removes and replaces, ControlMaster=auto's own fallback).
 * The remote command is one argument: ssh hands it to the remote shell as is. `waitForTurn`: logs in, then waits
 * at TURN_GATE for the newline on stdin before the command.
 */
export function buildSshCommand(host: SshHost, ssh: SshOptions, remoteCommand: string, options: { waitForTurn?: boolean } = {}): Command {
  const gate = options.waitForTurn ? ['-o', 'PermitLocalCommand=yes', '-o', `LocalCommand=${TURN_GATE}`] : [];
  // `--` ends the options: an address can never be read as one.
  const args = ['-T', ...sshOptionArgs(host, ssh), ...gate, '--', host.address, remoteCommand];
  return { file: 'ssh', args, env: options.waitForTurn ? { SHELL: GATE_SHELL } : {} };
}
