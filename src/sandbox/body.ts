// Reads a request body while counting its bytes: past the cap it stops buffering and says so, before the whole body arrived.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`the request body is larger than the sandbox's limit of ${limit} bytes`);
    this.name = 'BodyTooLargeError';
    this.limit = limit;
  }
}

/** The client closed the connection before its body was complete: there is nobody to answer. */
export class ClientGoneError extends Error {
  constructor() {
    super('the client closed the connection before sending the whole request');
    this.name = 'ClientGoneError';
  }
}

/** The body as UTF-8 text; rejects with BodyTooLargeError as soon as the byte count (or the announced Content-Length) passes `limit`. */
export function readLimitedBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const announced = Number(request.headers['content-length']);
    if (Number.isFinite(announced) && announced > limit) {
      reject(new BodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        request.off('data', onData);
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // A read error is the connection failing (Node says "aborted"): the client is gone either way.
    request.on('error', () => {
      if (!done) reject(new ClientGoneError());
      done = true;
    });
    // A client that hangs up half way: settle, so the request is not counted in flight forever.
    request.on('close', () => {
      if (!done && !request.complete) reject(new ClientGoneError());
      done = true;
    });
  });
}

/** How much of a refused upload is read and thrown away (so the client, still sending, can read the answer) before the connection is cut. */
const DISCARD = { bytes: 32 * 1024 * 1024, ms: 3000 };

/**
 * Answers and closes the connection. The rest of a refused upload is first read without being kept,
 * up to DISCARD bytes or ms (so a client still sending gets the answer, not a broken pipe), then answered and cut.
 */
export function sendAndClose(response: ServerResponse, status: number, body: string, type: string): void {
  const { req: request, socket } = response;
  if (response.headersSent) {
    socket?.destroy();
    return;
  }
  let answered = false;
  const answer = () => {
    if (answered) return;
    answered = true;
    clearTimeout(timer);
    if (response.destroyed) return;
    response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), connection: 'close' });
    // With `connection: close` Node ends the socket once this is flushed, whatever is still arriving.
    response.end(body);
  };
  const timer = setTimeout(answer, DISCARD.ms);
  timer.unref();
  if (!request || request.readableEnded) {
    answer();
    return;
  }
  let discarded = 0;
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD.bytes) answer();
  });
  request.once('end', answer);
  request.once('error', answer);
  socket?.once('close', () => clearTimeout(timer));
  request.resume();
}
