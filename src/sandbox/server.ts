// The sandbox's HTTP endpoint on 127.0.0.1: AWS query requests in, AWS XML out; admin routes under /_sandbox/.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HangarError } from '../errors.js';
import { handleAdmin } from './admin.js';
import { ApiError } from './api-error.js';
import { type DispatchOptions, dispatch } from './dispatch.js';
import { SERVICES, type Service } from './handlers.js';
import { newRequestId } from './ids.js';
import { decodeQuery } from './protocol/query-decode.js';
import { encodeError, encodeResponse } from './protocol/xml-encode.js';
import { DEFAULT_REGION } from './state/seed.js';

export interface ServerOptions extends DispatchOptions {
  port: number;
  /** Loopback only: 127.0.0.1 unless another 127.x address is given. */
  host?: string;
  /** Logs each call (action, status, ms). */
  verbose?: boolean;
}

export interface SandboxServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: string, type = 'text/xml;charset=UTF-8', requestId?: string): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    ...(requestId ? { 'x-amzn-requestid': requestId } : {}),
  });
  response.end(body);
}

function serviceOf(version: string | null, signingName: string | undefined): Service | undefined {
  return SERVICES.find((s) => s.version === version) ?? SERVICES.find((s) => s.signingName === signingName);
}

async function handleApi(options: ServerOptions, schemas: Map<Service, Record<string, unknown>>, request: IncomingMessage, response: ServerResponse) {
  const started = Date.now();
  const url = new URL(request.url ?? '/', 'http://sandbox');
  const params = new URLSearchParams(url.search);
  for (const [key, value] of new URLSearchParams(await readBody(request))) params.append(key, value);
  const scope = CREDENTIAL_SCOPE.exec(String(request.headers.authorization ?? ''));
  const region = scope?.[1] ?? DEFAULT_REGION;
  const action = params.get('Action') ?? '';
  const service = serviceOf(params.get('Version'), scope?.[2]);
  const requestId = newRequestId();
  if (!service) {
    options.log(`SANDBOX: request with no known Version (${params.get('Version')}) and no known service: answered InvalidAction`);
    send(response, 400, encodeError('ec2', 'InvalidAction', `unknown API version ${params.get('Version')}`, requestId));
    return;
  }
  const operation = schemas.get(service)![`${action}$`] as unknown[] | undefined;
  try {
    if (!service.handlers[action] || !Array.isArray(operation)) {
      options.log(`SANDBOX: UNKNOWN ${service.name} action "${action}" (not implemented): answered InvalidAction; params: ${[...params.keys()].join(' ')}`);
    }
    const input = Array.isArray(operation) ? decodeQuery(operation[4], params, service.protocol) : {};
    const output = await dispatch(options, service, action, region, input);
    send(response, 200, encodeResponse(service.protocol, action, operation![5], output, requestId), undefined, requestId);
    if (options.verbose) options.log(`SANDBOX: ${service.name} ${action} ${region} 200 ${Date.now() - started}ms`);
  } catch (error) {
    if (error instanceof ApiError) {
      if (options.verbose) options.log(`SANDBOX: ${service.name} ${action} ${region} ${error.status} ${error.code}: ${error.message}`);
      send(response, error.status, encodeError(service.protocol, error.code, error.message, requestId), undefined, requestId);
      return;
    }
    const hint = error instanceof HangarError && error.hint ? ` (${error.hint})` : '';
    options.log(`SANDBOX: internal error in ${service.name} ${action}: ${(error as Error).stack ?? String(error)}`);
    send(response, 500, encodeError(service.protocol, 'InternalError', `sandbox internal error: ${(error as Error).message}${hint}`, requestId));
  }
}

/** Starts the endpoint; port 0 takes a free one. */
export async function startServer(options: ServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  if (!host.startsWith('127.')) throw new Error(`the sandbox listens on loopback only, not ${host}`);
  const schemas = new Map<Service, Record<string, unknown>>();
  for (const service of SERVICES) schemas.set(service, await service.loadSchemas());
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const work = path.startsWith('/_sandbox/') ? handleAdmin(options, request, response, path) : handleApi(options, schemas, request, response);
    work.catch((error: unknown) => {
      options.log(`SANDBOX: ${String(error)}`);
      if (!response.headersSent) send(response, 500, String(error), 'text/plain');
    });
  });
  // Keep-alive sockets would hold close() open; the SDK reconnects as needed.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
