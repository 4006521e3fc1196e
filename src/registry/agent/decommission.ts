// Decommission a service that left the node's run list: deregister, wait until the registry no longer lists it, then run its delete recipe.
import { messageOf } from '../../errors.js';
import type { Registry } from '../types.js';
import { type Command, formatCommand, runCommand } from './command.js';
import { sleep } from '../../timing/sleep.js';

export interface DecommissionOptions {
  registry: Registry;
  instance: string;
  service: string;
  command: Command;
  signal: AbortSignal;
  /** Runs the recipe while no provisioning runs. */
  exclusive: <T>(task: () => Promise<T>) => Promise<T>;
  log: (message: string) => void;
  warn: (message: string) => void;
}

/** Polls the registry until it does not list `service` on `instance` (errors are retried). */
async function waitUntilGone(options: DecommissionOptions): Promise<boolean> {
  let delay = 100;
  while (!options.signal.aborted) {
    try {
      await options.registry.deregister(options.service, options.instance);
      const { entries } = await options.registry.list(options.service);
      if (!entries.some((entry) => entry.instance === options.instance)) return true;
    } catch (error) {
      options.warn(`${options.service}: registry unreachable while deregistering (${messageOf(error)}); retrying`);
    }
    await sleep(delay, options.signal);
    delay = Math.min(delay * 2, 5_000);
  }
  return false;
}

/** The caller has already stopped the service's keeper (which released its lease). */
export async function decommissionService(options: DecommissionOptions): Promise<boolean> {
  const { service, signal } = options;
  if (!(await waitUntilGone(options))) return false;
  options.log(`${service}: deregistered; running ${formatCommand(options.command)}`);
  let delay = 1_000;
  while (!signal.aborted) {
    const outcome = await options.exclusive(() => runCommand(options.command, signal, (line) => options.log(line)));
    if (outcome.ok) {
      options.log(`${service}: decommissioned`);
      return true;
    }
    if (signal.aborted) break;
    options.warn(`${service}: delete recipe failed (exit ${outcome.exitCode ?? '?'}); retrying in ${delay / 1000} s`);
    await sleep(delay, signal);
    delay = Math.min(delay * 2, 60_000);
  }
  return false;
}
