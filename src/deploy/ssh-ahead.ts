// Connect ahead over ssh: which hosts' runs may start ahead, when a run has logged in (its master's socket appears), and the socket of a run stopped at its gate.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type SshOptions, controlSocketOf } from './command.js';
import type { Ahead } from './connect-ahead.js';
import type { DeployTarget } from './fan-out.js';
import { whenAppears } from './socket-watch.js';

/**
 * With connection reuse and connect_ahead on (else undefined: every run starts at its turn). A run started ahead
 * logs in as its host's master and waits at its gate (TURN_GATE in src/deploy/command.ts) for its turn.
 * One run per master socket does: an ssh that finds a live master rides it at once, and would not wait at a gate.
 * So a host whose socket is there already, or whose socket another run of this deploy makes, starts at its turn.
 */
export function sshAhead(ssh: SshOptions): Ahead<DeployTarget> | undefined {
  if (!ssh.reuse || ssh.connectAhead === false) return undefined;
  const { dir } = ssh.reuse;
  /** The sockets a run of this deploy logs in for. */
  const claimed = new Set<string>();
  const socketOf = (target: DeployTarget): string | undefined =>
    target.address ? controlSocketOf(dir, { address: target.address, user: target.user }, ssh) : undefined;
  return {
    canWait(target) {
      const socket = socketOf(target);
      if (!socket || claimed.has(socket) || existsSync(socket)) return false;
      claimed.add(socket);
      return true;
    },
    loggedIn(target, ended) {
      const socket = socketOf(target);
      if (!socket) return Promise.resolve();
      claimed.add(socket);
      return whenAppears(socket, ended);
    },
    async dropped(target) {
      // Stopped at its gate, the ssh died before its master went to the background: nobody answers on its socket.
      const socket = socketOf(target);
      if (socket) await rm(socket, { force: true });
    },
  };
}
