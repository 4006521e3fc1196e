// The connect-ahead of a real deploy: `ssh -N` leaves a host's master behind before its turn; `ssh -O exit` lets an unused one go.
import { existsSync } from 'node:fs';
import type { Emitter } from '../jobs/events.js';
import { describeCommand } from '../process/command.js';
import { type SshHost, type SshOptions, buildSshConnectCommand, buildSshExitCommand, controlSocketOf } from './command.js';
import type { Opener } from './connect-ahead.js';
import type { DeployTarget } from './fan-out.js';
import type { RunOutcome, Runner } from './runner.js';

/** `ssh -O exit` only talks to a local socket. */
const CONTROL_LIMIT_MS = 5000;
/** Past ConnectTimeout (which covers the TCP connect and the banner), the login itself gets this long. */
const LOGIN_LIMIT_MS = 20_000;

export interface SshOpenerIo {
  emit: Pick<Emitter, 'log' | 'debug'>;
  signal: AbortSignal;
  runner: Runner;
  /** The deploy's --timeout per host (ms): a login past it ends the host, as its run would have. */
  timeoutMs?: number | undefined;
}

/**
 * Logs hosts in before their run when connection reuse and connect_ahead are on; undefined otherwise (nothing to
 * ride). A host whose socket is there already is left to its run: ControlMaster=auto rides a live master or replaces
 * a dead one, where `ssh -N` would ask a live one for a session. A master this deploy opened for a host that then
 * never ran is closed.
 */
export function sshOpener(ssh: SshOptions, io: SshOpenerIo): Opener<DeployTarget> | undefined {
  if (!ssh.reuse || ssh.connectAhead === false) return undefined;
  const { dir } = ssh.reuse;
  const opened = new Set<DeployTarget>();
  /** Per master socket (one per user, address, port and jump host): the first login; a second target there shares it. */
  const logins = new Map<string, Promise<RunOutcome | undefined>>();
  const login = async (target: DeployTarget, host: SshHost, socket: string): Promise<RunOutcome | undefined> => {
    if (existsSync(socket)) return undefined;
    const scope = { group: target.group, source: target.instanceId };
    const command = buildSshConnectCommand(host, ssh);
    io.emit.debug(`logging in (the run rides this connection): ${describeCommand(command)}`, scope);
    const loginLimit = ssh.connectTimeout * 1000 + LOGIN_LIMIT_MS;
    const hostLimit = io.timeoutMs !== undefined && io.timeoutMs <= loginLimit;
    const outcome = await io.runner(command, {
      signal: io.signal,
      timeoutMs: hostLimit ? io.timeoutMs : loginLimit,
      onLine: (line) => io.emit.log(line, scope),
    });
    if (outcome.status === 'ok') opened.add(target);
    // Past --timeout the host has timed out, as its run would have; past the login limit alone the run tries itself.
    return outcome.status === 'ok' || (outcome.status === 'timeout' && !hostLimit) ? undefined : outcome;
  };
  return {
    async open(target) {
      // No address: the run says so.
      if (!target.address) return undefined;
      const host = { address: target.address, user: target.user };
      const socket = controlSocketOf(dir, host, ssh);
      const first = logins.get(socket);
      if (first) {
        // The same host twice: the first login's master serves both (after a failed one, the run tries on its own).
        await first;
        return undefined;
      }
      const pending = login(target, host, socket);
      logins.set(socket, pending);
      return pending;
    },
    async close(target) {
      if (!opened.has(target) || !target.address) return;
      await io.runner(buildSshExitCommand({ address: target.address, user: target.user }, ssh), {
        onLine: () => undefined,
        timeoutMs: CONTROL_LIMIT_MS,
      });
    },
  };
}
