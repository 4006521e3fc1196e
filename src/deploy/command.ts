// Build the ssh command object that runs the provision command on one host (argv only, never a shell string).

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
  /** Connection reuse: the master's socket path (`<private dir>/%C`) and how long it outlives its last session. */
  reuse?: { path: string; persist: number } | undefined;
}

export interface SshHost {
  /** IP address or DNS name. */
  address: string;
  /** Login name (`-l`); unset leaves it to ~/.ssh/config. */
  user?: string | undefined;
}

/**
 * `ssh <options> -- <address> <remote command>`: BatchMode (never a password prompt),
 * accept-new host keys, a connect timeout, keep-alives so a dead host is noticed; with `reuse`, OpenSSH's own
 * connection sharing (the first run to a host leaves a master behind, later runs within ControlPersist ride it;
 * a master that died leaves a socket ssh removes and replaces, ControlMaster=auto's own fallback).
 * The remote command is one argument: ssh hands it to the remote shell as is.
 */
export function buildSshCommand(host: SshHost, ssh: SshOptions, remoteCommand: string): Command {
  const option = (name: string, value: string | number) => ['-o', `${name}=${value}`];
  const args = [
    '-T',
    ...option('BatchMode', 'yes'),
    ...option('StrictHostKeyChecking', 'accept-new'),
    ...option('ConnectTimeout', ssh.connectTimeout),
    ...option('ServerAliveInterval', 15),
    ...option('ServerAliveCountMax', 3),
    ...(ssh.knownHosts ? option('UserKnownHostsFile', ssh.knownHosts) : []),
    ...(ssh.key ? ['-i', ssh.key, ...option('IdentitiesOnly', 'yes')] : []),
    ...(ssh.bastion ? option('ProxyJump', ssh.bastion) : []),
    ...(ssh.reuse ? [...option('ControlMaster', 'auto'), ...option('ControlPersist', ssh.reuse.persist), ...option('ControlPath', ssh.reuse.path)] : []),
    ...(ssh.port === undefined ? [] : ['-p', String(ssh.port)]),
    ...(host.user ? ['-l', host.user] : []),
    // `--` ends the options: an address can never be read as one.
    '--',
    host.address,
    remoteCommand,
  ];
  return { file: 'ssh', args, env: {} };
}
