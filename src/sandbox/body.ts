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
    request.on('error', (error) => {
      if (!done) reject(error);
      done = true;
    });
  });
}

/**
 * Answers and closes the connection: a refused upload is not read to its end.
 * The socket is destroyed once the answer is flushed, so a client still sending gets the answer or a reset, never a hang.
 */
export function sendAndClose(response: ServerResponse, status: number, body: string, type: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body, () => response.socket?.destroy());
}
