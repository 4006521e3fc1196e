// Hidden admin routes for tests and tools: /_sandbox/state, /_sandbox/faults, /_sandbox/settings; every body is validated.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HangarError, messageOf } from '../errors.js';
import { BodyTooLargeError, ClientGoneError, readLimitedBody, sendAndClose } from './body.js';
import { createClock } from './clock.js';
import type { DispatchOptions } from './dispatch.js';
import { LIMITS } from './limits.js';
import { advanceWorld } from './lifecycle.js';
import { DEFAULT_REGION } from './state/seed.js';
import { withState } from './state/store.js';
import type { Fault, SandboxSettings } from './state/types.js';
import { firstIssue, loopbackAddress, speedSchema } from './validate.js';

const name = z.string().min(1).max(255);

export const faultSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('error'),
      /** An action name, or `*` for every action. */
      action: name,
      /** An AWS error code, e.g. RequestLimitExceeded or InvalidAMIID.NotFound. */
      code: z.string().regex(/^[A-Za-z][A-Za-z0-9.]{0,127}$/, { message: 'expected an AWS error code such as RequestLimitExceeded' }),
      message: z.string().max(1024).optional(),
      status: z.number().int().min(400).max(599).optional(),
      count: z.number().int().min(1).max(100_000),
    }),
    z.strictObject({ kind: z.literal('unhealthy'), group: name }),
  ],
  { message: 'kind must be error or unhealthy' },
);

/** What POST /_sandbox/settings accepts: `null` clears a setting. */
export const settingsSchema = z.strictObject({
  address: loopbackAddress.nullable().optional(),
  speed: speedSchema.nullable().optional(),
});

/** Checks a fault's shape; returns an error message or undefined. */
export function faultProblem(fault: unknown): string | undefined {
  const parsed = faultSchema.safeParse(fault);
  return parsed.success ? undefined : firstIssue(parsed.error, fault);
}

/** Checks settings; returns an error message or undefined. */
export function settingsProblem(settings: unknown): string | undefined {
  const parsed = settingsSchema.safeParse(settings);
  return parsed.success ? undefined : firstIssue(parsed.error, settings);
}

/** Settings as stored: a cleared (null or undefined) one is removed. */
export function mergeSettings(current: SandboxSettings, change: z.infer<typeof settingsSchema> | SandboxSettings): SandboxSettings {
  const next: SandboxSettings = { ...current };
  for (const key of ['address', 'speed'] as const) {
    if (!(key in change)) continue;
    const value = change[key];
    if (value === null || value === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

class BadRequest extends Error {}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = await readLimitedBody(request, LIMITS.adminBodyBytes);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new BadRequest(`the request body is not JSON: ${messageOf(error)}`);
  }
}

async function readValid<T>(request: IncomingMessage, schema: z.ZodType<T>, what: string): Promise<T> {
  const value = await readJson(request);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequest(`bad ${what}: ${firstIssue(parsed.error, value)}`);
  return parsed.data;
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const body = `${JSON.stringify(value, null, 2)}\n`;
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const ROUTES = ['GET /_sandbox/state', 'POST /_sandbox/faults', 'DELETE /_sandbox/faults', 'POST /_sandbox/settings'];

async function route(options: DispatchOptions, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const key = `${request.method} ${path}`;
  if (key === 'GET /_sandbox/state') {
    const state = await withState(options.stateFile, (s) => {
      advanceWorld({ state: s, clock: createClock(s.settings.speed ?? options.speed), region: DEFAULT_REGION, fixedAddress: options.fixedAddress });
      return s;
    });
    return sendJson(response, 200, state);
  }
  if (key === 'POST /_sandbox/faults') {
    const fault = (await readValid(request, faultSchema, 'fault')) as Fault;
    const faults = await withState(options.stateFile, (s) => {
      s.faults.push(fault);
      return s.faults;
    });
    return sendJson(response, 200, { faults });
  }
  if (key === 'DELETE /_sandbox/faults') {
    await withState(options.stateFile, (s) => {
      s.faults = [];
    });
    return sendJson(response, 200, { faults: [] });
  }
  if (key === 'POST /_sandbox/settings') {
    const change = await readValid(request, settingsSchema, 'settings');
    const settings = await withState(options.stateFile, (s) => {
      s.settings = mergeSettings(s.settings, change);
      return s.settings;
    });
    return sendJson(response, 200, { settings });
  }
  sendJson(response, 404, { error: `no admin route ${key.slice(0, 120)}`, routes: ROUTES });
}

/** Answers an admin route; a bad body is a 400 saying what is wrong, a broken state file a 409 with the fix. */
export async function handleAdmin(options: DispatchOptions, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  try {
    await route(options, request, response, path);
  } catch (error) {
    if (error instanceof ClientGoneError) return;
    if (error instanceof BodyTooLargeError) {
      sendAndClose(response, 413, `${JSON.stringify({ error: error.message })}\n`, 'application/json');
    } else if (error instanceof BadRequest) {
      sendJson(response, 400, { error: error.message });
    } else if (error instanceof HangarError && error.code === 'sandbox.state') {
      sendJson(response, 409, { error: error.message, hint: error.hint });
    } else {
      throw error;
    }
  }
}
