// What a handler of one API call sees: the locked state, the request's clock and region, its input.
import type { AddressRange } from './address-range.js';
import type { Clock } from './clock.js';
import type { SandboxState } from './state/types.js';

export interface RequestContext {
  state: SandboxState;
  clock: Clock;
  /** From the request's SigV4 credential scope (us-east-1 when unsigned). */
  region: string;
  /** HANGAR_SANDBOX_ADDRESS of the serving process, if set: every new instance gets an address of this range. */
  fixedAddress: AddressRange | undefined;
  log(message: string): void;
}

/** One API call: the SDK-shaped input in, the SDK-shaped output out (without $metadata). */
// biome-ignore lint/suspicious/noExplicitAny: a handler table holds handlers of every input type; each handler types its own input.
export type Handler<I = any, O = unknown> = (ctx: RequestContext, input: I) => O;

export type HandlerTable = Record<string, Handler>;

/** Declares a handler typed by the SDK's own input and output types. */
export function handler<I, O>(fn: (ctx: RequestContext, input: I) => Omit<O, '$metadata'>): Handler {
  return fn as Handler;
}
