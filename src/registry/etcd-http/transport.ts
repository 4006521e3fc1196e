// HTTP(S) to etcd's JSON gateway (node:http only): one kept-alive agent, the next endpoint on failure, the auth token when configured.
import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import type { EtcdConnection } from '../settings.js';
import { EtcdHttpError, etcdAnswered, isRetryable, withGatewayTlsHint } from './errors.js';
import { errorBodySchema, tokenSchema } from './schemas.js';

const REQUEST_MS = 5_000;
/** A gateway answer longer than this is refused (a range over 10,000 entries is ~3 MB). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Requester = (options: RequestOptions, onResponse: (response: IncomingMessage) => void) => ClientRequest;

export class EtcdTransport {
  private current = 0;
  private token: string | undefined;
  private requester: Promise<{ request: Requester; agent: Agent }> | undefined;
  private readonly open = new Set<ClientRequest>();
  private closed = false;

  constructor(private readonly connection: EtcdConnection) {}

  /** POSTs `body` to `path` and resolves with the parsed JSON answer; tries each endpoint once, starting with the last that answered. */
  async call(path: string, body: unknown, timeoutMs = REQUEST_MS): Promise<unknown> {
    return this.withEndpoints(async (endpoint) => {
      const response = await this.send(endpoint, path, body, timeoutMs, false);
      return readJson(response, timeoutMs);
    });
  }

  /** Opens a streaming answer (the watch): resolves with the response once etcd sent its status 200. */
  stream(path: string, body: unknown, timeoutMs = REQUEST_MS): Promise<IncomingMessage> {
    return this.withEndpoints((endpoint) => this.send(endpoint, path, body, timeoutMs, true));
  }

  close(): void {
    this.closed = true;
    for (const request of this.open) request.destroy();
    void this.requester?.then(({ agent }) => agent.destroy());
  }

  private async withEndpoints<T>(attempt: (endpoint: string) => Promise<T>): Promise<T> {
    const { endpoints } = this.connection;
    let last: unknown;
    for (let tried = 0; tried < endpoints.length; tried++) {
      const index = (this.current + tried) % endpoints.length;
      try {
        const result = await this.authenticated(endpoints[index]!, attempt);
        this.current = index;
        return result;
      } catch (error) {
        last = error;
        if (this.closed || !isRetryable(error)) throw error;
      }
    }
    throw last;
  }

  /** Runs `attempt` with a token when auth is configured; an expired token is replaced once. */
  private async authenticated<T>(endpoint: string, attempt: (endpoint: string) => Promise<T>): Promise<T> {
    if (!this.connection.auth) return attempt(endpoint);
    this.token ??= await this.authenticate(endpoint);
    try {
      return await attempt(endpoint);
    } catch (error) {
      if (!(error instanceof EtcdHttpError && error.failure === 'auth')) throw error;
      this.token = await this.authenticate(endpoint);
      return attempt(endpoint);
    }
  }

  private async authenticate(endpoint: string): Promise<string> {
    const { user, password } = this.connection.auth!;
    const response = await this.send(endpoint, '/v3/auth/authenticate', { name: user, password }, REQUEST_MS, false, true);
    const parsed = tokenSchema.safeParse(await readJson(response, REQUEST_MS, true));
    if (!parsed.success) throw new EtcdHttpError('etcd answered the authentication without a token', 'auth');
    return parsed.data.token;
  }

  private loadRequester(): Promise<{ request: Requester; agent: Agent }> {
    this.requester ??= (async () => {
      if (this.connection.endpoints.some((endpoint) => endpoint.startsWith('https:'))) {
        const https = await import('node:https');
        const tls = this.connection.tls ?? {};
        const agent = new https.Agent({ keepAlive: true, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert, key: tls.key } : {}) });
        return { request: https.request, agent };
      }
      const http = await import('node:http');
      return { request: http.request, agent: new http.Agent({ keepAlive: true }) };
    })();
    return this.requester;
  }

  /** One POST; resolves with a 200 response, rejects with what etcd said otherwise (or that it did not answer in time). */
  private async send(
    endpoint: string,
    path: string,
    body: unknown,
    timeoutMs: number,
    streaming: boolean,
    authenticating = false,
    retried = false,
  ): Promise<IncomingMessage> {
    if (this.closed) throw new EtcdHttpError('the registry connection is closed', 'unreachable');
    const { request, agent } = await this.loadRequester();
    const url = new URL(path, endpoint.endsWith('/') ? endpoint : `${endpoint}/`);
    const payload = JSON.stringify(body);
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (this.token && !authenticating) headers.authorization = this.token;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(
        { method: 'POST', hostname: url.hostname, port: url.port, path: url.pathname, headers, agent, protocol: url.protocol },
        (response) => {
          clearTimeout(timer);
          if (streaming) req.once('close', () => this.open.delete(req));
          else this.open.delete(req);
          if (response.statusCode === 200) return resolve(response);
          readJson(response, timeoutMs, authenticating).then((answer) => {
            const error = toError(answer, response.statusCode, authenticating);
            reject(this.connection.tls ? withGatewayTlsHint(error) : error);
          }, reject);
        },
      );
      this.open.add(req);
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      req.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        this.open.delete(req);
        // A kept-alive connection etcd closed meanwhile: this request never reached it; one new connection is tried.
        if (req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !retried) {
          this.send(endpoint, path, body, timeoutMs, streaming, authenticating, true).then(resolve, reject);
          return;
        }
        reject(error instanceof EtcdHttpError ? error : new EtcdHttpError(`${endpoint}: ${error.message}`, 'unreachable'));
      });
      req.end(payload);
    });
  }
}

function toError(answer: unknown, status: number | undefined, authenticating: boolean): EtcdHttpError {
  const parsed = errorBodySchema.safeParse(answer);
  const message = (parsed.success && (parsed.data.message || parsed.data.error)) || `HTTP ${status}`;
  return etcdAnswered(message, parsed.success ? parsed.data.code : undefined, authenticating);
}

/** The whole body as JSON; a non-200 body is still JSON (etcd's error). */
function readJson(response: IncomingMessage, timeoutMs: number, authenticating = false): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => response.destroy(new Error(`the answer did not end within ${timeoutMs / 1000} s`)), timeoutMs);
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) response.destroy(new Error(`the answer is over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    response.once('error', (error) => {
      clearTimeout(timer);
      reject(new EtcdHttpError(error.message, 'unreachable'));
    });
    response.once('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        const status = response.statusCode ?? 0;
        reject(
          status >= 500 || status === 0
            ? new EtcdHttpError(`HTTP ${status}, not JSON`, 'unreachable')
            : etcdAnswered(`HTTP ${status}, not JSON`, undefined, authenticating),
        );
      }
    });
  });
}
