// The sandbox's public surface: start it, point tests at it, inject faults, reset it.
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { faultProblem } from './admin.js';
import { speedFromEnv } from './clock.js';
import { startServer } from './server.js';
import { applySeed, seedSpecOf } from './state/seed.js';
import { readState, withState } from './state/store.js';
import { type Fault, type SandboxSettings, type SandboxState, SANDBOX_ACCOUNT, emptyState } from './state/types.js';

export type { Fault, SandboxSettings, SandboxState } from './state/types.js';
export { SANDBOX_ACCOUNT } from './state/types.js';
export { SANDBOX_KEY_PAIR } from './state/seed.js';
export { DELAYS, speedFromEnv } from './clock.js';
export { supportedActions } from './handlers.js';

export interface StartSandboxOptions {
  /** The state file, e.g. `<dir of nodes.json>/.hangar/sandbox.json` (sandboxStateFile). */
  stateFile: string;
  /** nodes.json: its source AMIs, regions and security groups are seeded. */
  config?: Config | undefined;
  /** 0 (default) takes a free port. */
  port?: number;
  /** Delay factor; default HANGAR_SANDBOX_SPEED or 1. */
  speed?: number;
  /** Every new instance gets this address; default HANGAR_SANDBOX_ADDRESS. */
  address?: string | undefined;
  /** Where the sandbox's own lines go (unknown actions, internal errors); default stderr. */
  log?: (line: string) => void;
  /** Logs every call. */
  verbose?: boolean;
}

export interface RunningSandbox {
  url: string;
  port: number;
  stateFile: string;
  close(): Promise<void>;
}

/** `.hangar/sandbox.json` beside nodes.json. */
export function sandboxStateFile(configDir: string): string {
  return join(configDir, '.hangar', 'sandbox.json');
}

function seededState(config: Config | undefined): (now: number) => SandboxState {
  return (now) => {
    const state = emptyState(now);
    applySeed(state, seedSpecOf(config), now);
    return state;
  };
}

/** Starts the endpoint on 127.0.0.1 and seeds what nodes.json names (idempotent). */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const env = process.env.HANGAR_SANDBOX_ADDRESS;
  const address = options.address ?? (env && env.trim() !== '' ? env.trim() : undefined);
  if (address !== undefined && !address.startsWith('127.')) throw new Error(`HANGAR_SANDBOX_ADDRESS must be a 127.x address, not ${address}`);
  const spec = seedSpecOf(options.config);
  await withState(options.stateFile, (state) => applySeed(state, spec, Date.now()), seededState(options.config));
  const server = await startServer({
    stateFile: options.stateFile,
    port: options.port ?? 0,
    speed: options.speed ?? speedFromEnv(),
    fixedAddress: address,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    verbose: options.verbose ?? false,
  });
  return { url: server.url, port: server.port, stateFile: options.stateFile, close: server.close };
}

/** Adds a fault (kept in the state file: every process using it sees it). */
export async function addSandboxFault(stateFile: string, fault: Fault): Promise<void> {
  const problem = faultProblem(fault);
  if (problem) throw new Error(`bad sandbox fault: ${problem}`);
  await withState(stateFile, (state) => {
    state.faults.push(fault);
  });
}

/** Removes every fault (error and unhealthy). */
export async function clearSandboxFaults(stateFile: string): Promise<void> {
  await withState(stateFile, (state) => {
    state.faults = [];
  });
}

export async function setSandboxSettings(stateFile: string, settings: SandboxSettings): Promise<void> {
  await withState(stateFile, (state) => {
    state.settings = { ...state.settings, ...settings };
  });
}

/** The stored state as it is on disk (not advanced to now), or undefined when there is none. */
export function readSandboxState(stateFile: string): SandboxState | undefined {
  return readState(stateFile);
}

export interface ResetSummary {
  instances: number;
  images: number;
  snapshots: number;
  autoScalingGroups: number;
  launchTemplates: number;
  keyPairs: number;
  securityGroups: number;
  faults: number;
}

/** Empties the sandbox and seeds it again from nodes.json; says what was removed (beyond the seed). */
export async function resetSandbox(stateFile: string, config: Config | undefined): Promise<ResetSummary> {
  return withState(
    stateFile,
    (state) => {
      const seeded = seededState(config)(Date.now());
      const own = <T extends { ownerId: string }>(items: T[]) => items.filter((i) => i.ownerId === SANDBOX_ACCOUNT).length;
      const summary: ResetSummary = {
        instances: state.instances.filter((i) => i.state !== 'terminated').length,
        images: own(state.images),
        snapshots: own(state.snapshots),
        autoScalingGroups: state.groups.length,
        launchTemplates: state.launchTemplates.length,
        keyPairs: Math.max(0, state.keyPairs.length - seeded.keyPairs.length),
        securityGroups: Math.max(0, state.securityGroups.length - seeded.securityGroups.length),
        faults: state.faults.length,
      };
      for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
      Object.assign(state, seeded);
      return summary;
    },
    seededState(config),
    { discardUnreadable: true },
  );
}
