// The sandbox's public surface: start it, point tests at it, inject faults, reset it.
import { join } from 'node:path';
import type { Config } from '../config/index.js';
import { HangarError, usageError } from '../errors.js';
import { faultProblem, mergeSettings, settingsProblem } from './admin.js';
import { type AddressRange, parseAddressRange } from './address-range.js';
import { speedFromEnv } from './clock.js';
import { startServer, stateErrorMessage } from './server.js';
import { applySeed, seedSpecOf } from './state/seed.js';
import { readState, withState } from './state/store.js';
import { type Fault, type SandboxSettings, type SandboxState, SANDBOX_ACCOUNT, emptyState } from './state/types.js';

export type { Fault, SandboxSettings, SandboxState } from './state/types.js';
export { SANDBOX_ACCOUNT } from './state/types.js';
export { SANDBOX_KEY_PAIR } from './state/seed.js';
export { DELAYS, speedFromEnv } from './clock.js';
export { supportedActions } from './service-table.js';

export interface StartSandboxOptions {
  /** The state file, e.g. `<dir of nodes.json>/.hangar/sandbox.json` (sandboxStateFile). */
  stateFile: string;
  /** nodes.json: its source AMIs, regions and security groups are seeded. */
  config?: Config | undefined;
  /** 0 (default) takes a free port. */
  port?: number;
  /** Delay factor (0.01: every delay a hundredth); default 1 / HANGAR_SANDBOX_SPEED, or 1. */
  speed?: number;
  /** Every new instance gets an address of this range (`127.0.0.1` or `127.0.0.2-127.0.0.41`); default HANGAR_SANDBOX_ADDRESS. */
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
  /** The state file was broken at start (one line, with the fix): every call answers it until sandbox:reset. */
  stateProblem?: string | undefined;
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

/** The range new instances take their address from: `given`, else HANGAR_SANDBOX_ADDRESS; a value outside 127.0.0.0/8 is a usage error. */
export function sandboxAddressRange(given: string | undefined, env = process.env.HANGAR_SANDBOX_ADDRESS): AddressRange | undefined {
  const value = given ?? (env && env.trim() !== '' ? env : undefined);
  if (value === undefined) return undefined;
  const range = parseAddressRange(value);
  if (typeof range === 'string') {
    throw usageError('sandbox.address', range, { hint: 'e.g. HANGAR_SANDBOX_ADDRESS=127.0.0.1, or 127.0.0.2-127.0.0.41 for one address per instance' });
  }
  return range;
}

/** Starts the endpoint on 127.0.0.1 and seeds what nodes.json names (idempotent). */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const address = sandboxAddressRange(options.address);
  const spec = seedSpecOf(options.config);
  // A broken state file does not stop the endpoint: every call answers it (so sandbox:reset --sandbox still works).
  let stateProblem: string | undefined;
  try {
    await withState(options.stateFile, (state) => applySeed(state, spec, Date.now()), seededState(options.config));
  } catch (error) {
    if (!(error instanceof HangarError && error.code === 'sandbox.state')) throw error;
    stateProblem = stateErrorMessage(error);
  }
  const server = await startServer({
    stateFile: options.stateFile,
    port: options.port ?? 0,
    speed: options.speed ?? speedFromEnv(),
    fixedAddress: address,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    verbose: options.verbose ?? false,
    reportedStateProblems: stateProblem ? [stateProblem] : [],
  });
  return { url: server.url, port: server.port, stateFile: options.stateFile, stateProblem, close: server.close };
}

/** Adds a fault (kept in the state file: every process using it sees it). */
export async function addSandboxFault(stateFile: string, fault: Fault): Promise<void> {
  const problem = faultProblem(fault);
  if (problem) throw usageError('sandbox.fault', `bad sandbox fault: ${problem}`);
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

/** Changes settings (an undefined or null value clears one); a non-loopback address or a bad speed is refused. */
export async function setSandboxSettings(stateFile: string, settings: SandboxSettings): Promise<void> {
  const problem = settingsProblem(Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)));
  if (problem) throw usageError('sandbox.settings', `bad sandbox settings: ${problem}`);
  await withState(stateFile, (state) => {
    state.settings = mergeSettings(state.settings, settings);
  });
}

/** The stored state as it is on disk (not advanced to now), or undefined when there is none; a broken file is a HangarError (sandbox.state). */
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

export interface ResetResult {
  removed: ResetSummary;
  /** Where a broken state file was moved (`<file>.broken-<stamp>`): nothing is lost. */
  movedAside?: string | undefined;
}

/** Empties the sandbox and seeds it again from nodes.json; says what was removed (beyond the seed). Works whatever the file holds. */
export async function resetSandbox(stateFile: string, config: Config | undefined): Promise<ResetResult> {
  return withState(
    stateFile,
    (state, info) => {
      const seeded = seededState(config)(Date.now());
      const own = <T extends { ownerId: string }>(items: T[]) => items.filter((i) => i.ownerId === SANDBOX_ACCOUNT).length;
      // A moved-aside file counts as nothing removed: the state here is already the fresh one.
      const fresh = info.movedAside !== undefined;
      const removed: ResetSummary = {
        instances: state.instances.filter((i) => i.state !== 'terminated').length,
        images: own(state.images),
        snapshots: own(state.snapshots),
        autoScalingGroups: state.groups.length,
        launchTemplates: state.launchTemplates.length,
        keyPairs: fresh ? 0 : Math.max(0, state.keyPairs.length - seeded.keyPairs.length),
        securityGroups: fresh ? 0 : Math.max(0, state.securityGroups.length - seeded.securityGroups.length),
        faults: state.faults.length,
      };
      for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
      Object.assign(state, seeded);
      return { removed, movedAside: info.movedAside };
    },
    seededState(config),
    { moveAsideBroken: true },
  );
}
