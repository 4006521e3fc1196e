// Hidden admin routes for tests and tools: /_sandbox/state, /_sandbox/faults, /_sandbox/settings, /_sandbox/reset.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClock } from './clock.js';
import type { DispatchOptions } from './dispatch.js';
import { advanceWorld } from './lifecycle.js';
import { withState } from './state/store.js';
import type { Fault, SandboxSettings } from './state/types.js';
import { DEFAULT_REGION } from './state/seed.js';

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? {} : JSON.parse(text));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const body = `${JSON.stringify(value, null, 2)}\n`;
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** Checks a fault's shape; returns an error message or undefined. */
export function faultProblem(fault: Fault): string | undefined {
  if (fault.kind === 'error') {
    if (!fault.action || !fault.code) return 'an error fault needs action and code';
    if (!Number.isInteger(fault.count) || fault.count < 1) return 'an error fault needs count >= 1';
    return undefined;
  }
  if (fault.kind === 'unhealthy') return fault.group ? undefined : 'an unhealthy fault needs group';
  return 'kind must be error or unhealthy';
}

export async function handleAdmin(options: DispatchOptions, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  const route = `${request.method} ${path}`;
  if (route === 'GET /_sandbox/state') {
    const state = await withState(options.stateFile, (s) => {
      advanceWorld({ state: s, clock: createClock(options.speed), region: DEFAULT_REGION, fixedAddress: options.fixedAddress });
      return s;
    });
    sendJson(response, 200, state);
    return;
  }
  if (route === 'POST /_sandbox/faults') {
    const fault = (await readJson(request)) as Fault;
    const problem = faultProblem(fault);
    if (problem) return sendJson(response, 400, { error: problem });
    const faults = await withState(options.stateFile, (s) => {
      s.faults.push(fault);
      return s.faults;
    });
    return sendJson(response, 200, { faults });
  }
  if (route === 'DELETE /_sandbox/faults') {
    await withState(options.stateFile, (s) => {
      s.faults = [];
    });
    return sendJson(response, 200, { faults: [] });
  }
  if (route === 'POST /_sandbox/settings') {
    const settings = (await readJson(request)) as SandboxSettings;
    const next = await withState(options.stateFile, (s) => {
      s.settings = { ...s.settings, ...settings };
      return s.settings;
    });
    return sendJson(response, 200, { settings: next });
  }
  sendJson(response, 404, { error: `no admin route ${route}`, routes: ['GET /_sandbox/state', 'POST /_sandbox/faults', 'DELETE /_sandbox/faults', 'POST /_sandbox/settings'] });
}
