// The sandbox's HTTP endpoint on 127.0.0.1: AWS query requests in, AWS XML out; admin routes under /_sandbox/.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HangarError, messageOf } from '../errors.js';
import { handleAdmin } from './admin.js';
import { ApiError, apiError } from './api-error.js';
import { BodyTooLargeError, ClientGoneError, readLimitedBody, sendAndClose } from './body.js';
import { type DispatchOptions, dispatch } from './dispatch.js';
import { SERVICES, type Service } from './service-table.js';
import { newRequestId } from './ids.js';
import { LIMITS, checkFilters } from './limits.js';
import { type Protocol, decodeQuery } from './protocol/query-decode.js';
import { encodeError, encodeResponse } from './protocol/xml-encode.js';
import { DEFAULT_REGION } from './state/seed.js';

export interface ServerOptions extends DispatchOptions {
  port: number;
  /** Loopback only: 127.0.0.1 unless another 127.x address is given. */
  host?: string;
  /** Logs each call (action, status, ms). */
  verbose?: boolean;
  /** State problems the caller already said (startSandbox found them): not logged again when calls meet them. */
  reportedStateProblems?: string[];
}

export interface SandboxServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

/** What a broken state file is answered with: 400 (not retried by the SDK, so a client reports it once), the fix in the message. */
export const STATE_ERROR_CODE = 'SandboxStateInvalid';

function send(response: ServerResponse, status: number, body: string, type = 'text/xml;charset=UTF-8', requestId?: string): void {
  if (response.headersSent || response.destroyed) return;
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

/** The request's service as far as the URL and headers tell (before its body is read): for errors answered early. */
function protocolBeforeBody(request: IncomingMessage, url: URL): Protocol {
  const scope = CREDENTIAL_SCOPE.exec(String(request.headers.authorization ?? ''));
  return serviceOf(url.searchParams.get('Version'), scope?.[2])?.protocol ?? 'ec2';
}

/** A broken state file's error in one line, with its fix: what clients get and the log says once. */
export function stateErrorMessage(error: HangarError): string {
  return `${error.message}${error.hint ? `; fix: ${error.hint}` : ''}`;
}

/** Any error of a call as the AWS error it is answered with. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HangarError && error.code === 'sandbox.state') return apiError(STATE_ERROR_CODE, stateErrorMessage(error), 400);
  const hint = error instanceof HangarError && error.hint ? ` (${error.hint})` : '';
  return apiError('InternalError', `sandbox internal error: ${messageOf(error)}${hint}`, 500);
}

interface ApiContext {
  options: ServerOptions;
  schemas: Map<Service, Record<string, unknown>>;
  /** State problems already said (by startSandbox or an earlier call): each is logged once, not once per SDK retry. */
  reported: Set<string>;
}

async function handleApi(api: ApiContext, request: IncomingMessage, response: ServerResponse, url: URL) {
  const { options } = api;
  const started = Date.now();
  const requestId = newRequestId();
  let protocol = protocolBeforeBody(request, url);
  let label = 'request';
  try {
    const params = new URLSearchParams(url.search);
    for (const [key, value] of new URLSearchParams(await readLimitedBody(request, LIMITS.bodyBytes))) params.append(key, value);
    const scope = CREDENTIAL_SCOPE.exec(String(request.headers.authorization ?? ''));
    const region = scope?.[1] ?? DEFAULT_REGION;
    const action = params.get('Action') ?? '';
    const service = serviceOf(params.get('Version'), scope?.[2]);
    if (!service) {
      options.log(`SANDBOX: request with no known Version (${String(params.get('Version')).slice(0, 40)}) and no known service: answered InvalidAction`);
      throw apiError('InvalidAction', `unknown API version ${String(params.get('Version')).slice(0, 40)}`);
    }
    protocol = service.protocol;
    label = `${service.name} ${action.slice(0, 80)} ${region}`;
    const operation = api.schemas.get(service)![`${action}$`] as unknown[] | undefined;
    if (!Object.hasOwn(service.handlers, action) || !Array.isArray(operation)) {
      options.log(
        `SANDBOX: UNKNOWN ${service.name} action "${action.slice(0, 80)}" (not implemented): answered InvalidAction; params: ${[...params.keys()].slice(0, 20).join(' ').slice(0, 300)}`,
      );
      throw apiError('InvalidAction', `The action ${action.slice(0, 80)} is not valid for this web service (the hangar sandbox does not implement it).`);
    }
    const input = decodeQuery(operation[4], params, service.protocol);
    checkFilters(service.protocol, input.Filters as Array<{ Values?: string[] }> | undefined);
    const output = await dispatch(options, service, action, region, input);
    send(response, 200, encodeResponse(service.protocol, action, operation[5], output, requestId), undefined, requestId);
    if (options.verbose) options.log(`SANDBOX: ${label} 200 ${Date.now() - started}ms`);
  } catch (error) {
    if (error instanceof ClientGoneError) return;
    if (error instanceof BodyTooLargeError) {
      options.log(`SANDBOX: refused a request body over ${error.limit} bytes (413)`);
      sendAndClose(response, 413, encodeError(protocol, 'RequestEntityTooLarge', error.message, requestId), 'text/xml;charset=UTF-8');
      return;
    }
    const answer = toApiError(error);
    if (answer.code === STATE_ERROR_CODE) {
      if (!api.reported.has(answer.message)) {
        if (api.reported.size >= 100) api.reported.clear();
        options.log(`SANDBOX: ${answer.message}`);
        api.reported.add(answer.message);
      }
    } else if (!(error instanceof ApiError)) {
      options.log(`SANDBOX: internal error in ${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } else if (options.verbose) {
      options.log(`SANDBOX: ${label} ${answer.status} ${answer.code}: ${answer.message}`);
    }
    send(response, answer.status, encodeError(protocol, answer.code, answer.message, requestId), undefined, requestId);
  }
}

/** The request's URL, or undefined when it is not one (answered 400 before anything else is read). */
function urlOf(request: IncomingMessage): URL | undefined {
  try {
    return new URL(request.url ?? '/', 'http://sandbox');
  } catch {
    return undefined;
  }
}

/** Starts the endpoint; port 0 takes a free one. */
export async function startServer(options: ServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  if (!host.startsWith('127.')) throw new Error(`the sandbox listens on loopback only, not ${host}`);
  const schemas = new Map<Service, Record<string, unknown>>();
  for (const service of SERVICES) schemas.set(service, await service.loadSchemas());
  const api: ApiContext = { options, schemas, reported: new Set(options.reportedStateProblems ?? []) };
  let inFlight = 0;
  const server = createServer((request, response) => {
    const url = urlOf(request);
    if (!url) {
      sendAndClose(response, 400, encodeError('ec2', 'MalformedQueryString', 'the request URL cannot be parsed', newRequestId()), 'text/xml;charset=UTF-8');
      return;
    }
    if (url.pathname.startsWith('/_sandbox/')) {
      handleAdmin(options, request, response, url.pathname).catch((error: unknown) => {
        options.log(`SANDBOX: internal error in admin route ${url.pathname.slice(0, 80)}: ${messageOf(error)}`);
        send(response, 500, `${JSON.stringify({ error: `sandbox internal error: ${messageOf(error)}` })}\n`, 'application/json');
      });
      return;
    }
    if (inFlight >= LIMITS.inFlight) {
      // AWS's answer to too many calls at once; the SDK backs off and retries it.
      sendAndClose(
        response,
        503,
        encodeError(protocolBeforeBody(request, url), 'RequestLimitExceeded', 'Request limit exceeded.', newRequestId()),
        'text/xml;charset=UTF-8',
      );
      return;
    }
    inFlight++;
    handleApi(api, request, response, url)
      .catch((error: unknown) => {
        // handleApi answers every error itself; this only guards against a bug there taking the process down.
        options.log(`SANDBOX: internal error: ${messageOf(error)}`);
        send(response, 500, encodeError('ec2', 'InternalError', 'sandbox internal error', newRequestId()));
      })
      .finally(() => {
        inFlight--;
      });
  });
  // Malformed HTTP (bad header, oversized header): answered 400 and closed, as Node does, without an 'error' that could go unhandled.
  server.on('clientError', (_error, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  // Keep-alive sockets would hold close() open; the SDK reconnects as needed.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, options.port)));
    server.listen(options.port, host, () => resolve());
  });
  server.on('error', (error) => options.log(`SANDBOX: server error: ${messageOf(error)}`));
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

/** A port that cannot be listened on, said in one line. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): HangarError {
  const why = error.code === 'EADDRINUSE' ? 'it is in use' : error.code === 'EACCES' ? 'permission denied' : messageOf(error);
  return new HangarError('sandbox.listen', `the sandbox cannot listen on ${host}:${port}: ${why}`, {
    cause: error,
    hint: 'pass another --port, or --port 0 for a free one',
  });
}
