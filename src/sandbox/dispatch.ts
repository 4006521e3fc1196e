// One API call as a transaction on the state file: lock, advance time, consume faults, run the handler, write.
import type { AddressRange } from './address-range.js';
import { ApiError, apiError } from './api-error.js';
import { createClock } from './clock.js';
import type { RequestContext } from './context.js';
import type { Service } from './service-table.js';
import { advanceWorld } from './lifecycle.js';
import { ensureRegion } from './state/seed.js';
import { withState } from './state/store.js';
import type { SandboxState } from './state/types.js';

export interface DispatchOptions {
  stateFile: string;
  speed: number;
  fixedAddress: AddressRange | undefined;
  log(message: string): void;
}

/** Throws the error of the first `error` fault for `action` (and counts it down). */
function consumeFault(state: SandboxState, action: string): void {
  const index = state.faults.findIndex((f) => f.kind === 'error' && (f.action === action || f.action === '*'));
  if (index < 0) return;
  const fault = state.faults[index]!;
  if (fault.kind !== 'error') return;
  fault.count -= 1;
  if (fault.count <= 0) state.faults.splice(index, 1);
  const status =
    fault.status ?? (fault.code === 'RequestLimitExceeded' ? 503 : fault.code === 'AuthFailure' || fault.code === 'UnauthorizedOperation' ? 403 : 400);
  throw apiError(fault.code, fault.message ?? `sandbox fault: ${fault.code}`, status);
}

/** Puts the state back as it was (the handler failed half way: AWS calls are all or nothing). */
function restore(state: SandboxState, snapshot: string): void {
  const before = JSON.parse(snapshot) as SandboxState;
  for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
  Object.assign(state, before);
}

/** Runs `action` of `service` on the state; returns the SDK-shaped output or throws an ApiError. */
export async function dispatch(options: DispatchOptions, service: Service, action: string, region: string, input: Record<string, unknown>): Promise<unknown> {
  const handle = Object.hasOwn(service.handlers, action) ? service.handlers[action] : undefined;
  if (!handle) throw apiError('InvalidAction', `The action ${action} is not valid for this web service (the hangar sandbox does not implement it).`);
  return withState(options.stateFile, (state) => {
    const clock = createClock(state.settings.speed ?? options.speed);
    const ctx: RequestContext = { state, clock, region, fixedAddress: options.fixedAddress, log: options.log };
    ensureRegion(state, region, clock.now);
    advanceWorld(ctx);
    // A consumed fault is written even though the call fails: that is what makes `count` work across processes.
    consumeFault(state, action);
    const snapshot = JSON.stringify(state);
    try {
      return handle(ctx, input);
    } catch (error) {
      restore(state, snapshot);
      if (error instanceof ApiError) throw error;
      throw error;
    }
  });
}
