// One etcd watch as a streaming HTTP answer of newline-delimited JSON: created, then events, until it ends, errs or is cancelled.
import { EtcdHttpError, etcdAnswered } from './errors.js';
import { type WatchEvent, watchLineSchema } from './schemas.js';
import type { EtcdTransport } from './transport.js';

const CREATE_MS = 4_000;
/** A line longer than this is not an answer etcd sends for our entries (each event is under 10 KB). */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface WatchStreamOptions {
  onEvents: (events: WatchEvent[], header: { revision: number; raft_term: number }) => void;
  /** Once, when the stream is over for any reason but `cancel()`: cut, cancelled by etcd (compacted), an unreadable line. */
  onEnd: (error: EtcdHttpError) => void;
  /** A line that is not a watch answer: skipped, and said. */
  warn: (message: string) => void;
}

export interface WatchStream {
  cancel(): void;
}

export async function openWatchStream(transport: EtcdTransport, create: Record<string, unknown>, options: WatchStreamOptions): Promise<WatchStream> {
  const response = await transport.stream('/v3/watch', { create_request: create }, CREATE_MS);
  return new Promise<WatchStream>((resolve, reject) => {
    let created = false;
    let over = false;
    let buffer = '';
    const stream: WatchStream = { cancel: () => finish() };
    const timer = setTimeout(() => fail(new EtcdHttpError(`the watch was not created within ${CREATE_MS / 1000} s`, 'unreachable')), CREATE_MS);
    function finish(): void {
      over = true;
      clearTimeout(timer);
      response.destroy();
    }
    function fail(error: EtcdHttpError): void {
      if (over) return;
      finish();
      if (created) options.onEnd(error);
      else reject(error);
    }
    const handleLine = (line: string) => {
      if (!line.trim() || over) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        return fail(new EtcdHttpError(`the watch sent a line that is not JSON (${line.slice(0, 60)})`, 'unreachable'));
      }
      const parsed = watchLineSchema.safeParse(raw);
      if (!parsed.success) {
        options.warn(`registry watch: skipped an answer etcd v3 does not send: ${parsed.error.issues[0]?.message}`);
        return;
      }
      const { result, error } = parsed.data;
      if (error) return fail(etcdAnswered(error.message ?? 'the watch failed', error.grpc_code));
      if (!result) return;
      if (result.compact_revision > 0) return fail(new EtcdHttpError(`required revision has been compacted (now ${result.compact_revision})`, 'refused'));
      if (result.canceled) return fail(etcdAnswered(`the watch was cancelled: ${result.cancel_reason ?? 'no reason given'}`, undefined));
      if (result.created && !created) {
        created = true;
        clearTimeout(timer);
        resolve(stream);
      }
      if (result.events.length) options.onEvents(result.events, result.header);
    };
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE_BYTES) return fail(new EtcdHttpError('the watch sent a line over 16 MB', 'unreachable'));
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) handleLine(line);
    });
    response.once('error', (error) => fail(new EtcdHttpError(`the watch stream broke: ${error.message}`, 'unreachable')));
    response.once('close', () => fail(new EtcdHttpError('the watch stream ended', 'unreachable')));
  });
}
