// The light etcd client against a fake gateway that answers badly: named errors and warnings, never a crash; the next endpoint on failure.
import { type Server, createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EtcdRegistry } from '../../src/registry/etcd.js';
import { EtcdHttpClient, prefixEnd } from '../../src/registry/etcd-http/client.js';
import { EtcdHttpError } from '../../src/registry/etcd-http/errors.js';
import { freePort, waitUntil } from '../helpers/net.js';

type Handler = (path: string, body: string, respond: (status: number, text: string, keepOpen?: boolean) => void) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

/** A fake gateway on 127.0.0.1; `respond(..., keepOpen)` leaves a streaming answer open. */
async function fakeGateway(handler: Handler): Promise<string> {
  const port = await freePort();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () =>
      handler(request.url ?? '', body, (status, text, keepOpen) => {
        if (!response.headersSent) response.writeHead(status, { 'content-type': 'application/json' });
        if (keepOpen) response.write(text);
        else response.end(text);
      }),
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}`;
}

const connection = (endpoints: string[]) => ({ endpoints, prefix: '/h', ttl: 5 });
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('etcd over its JSON gateway (fake gateway)', () => {
  it('the end of a prefix range is the prefix with its last byte plus one', () => {
    expect(Buffer.from(prefixEnd('/h/services/'), 'base64').toString()).toBe('/h/services0');
  });

  it('an answer that is not JSON, or not what etcd sends, is a named error; an etcd error keeps its message', async () => {
    const answers = ['<html>proxy</html>', JSON.stringify({ kvs: [{ key: 42 }] }), JSON.stringify({ error: 'etcdserver: permission denied', code: 7 })];
    const endpoint = await fakeGateway((_path, _body, respond) => respond(answers.length === 1 ? 403 : 200, answers.shift()!));
    const client = new EtcdHttpClient(connection([endpoint]));
    try {
      await expect(client.range('/h/', { prefix: true })).rejects.toThrow(/HTTP 200, not JSON/);
      await expect(client.range('/h/', { prefix: true })).rejects.toThrow(/answer to \/v3\/kv\/range is not what etcd v3 sends/);
      const denied = await client.range('/h/', { prefix: true }).catch((error: unknown) => error);
      expect(denied).toBeInstanceOf(EtcdHttpError);
      expect((denied as EtcdHttpError).failure).toBe('permission');
    } finally {
      client.close();
    }
  });

  it('a bad entry is skipped with a warning naming its key; the good ones are listed', async () => {
    const kvs = [
      { key: b64('/h/services/www/i-1'), value: b64(JSON.stringify({ host: '10.0.0.1', port: 80 })), mod_revision: '3' },
      { key: b64('/h/services/www/i-2'), value: b64(JSON.stringify({ host: '10.0.0.2', port: 0 })), mod_revision: '4' },
    ];
    const endpoint = await fakeGateway((_path, _body, respond) => respond(200, JSON.stringify({ header: { revision: '4' }, kvs, count: '2' })));
    const warnings: string[] = [];
    const registry = new EtcdRegistry(connection([endpoint]), { warn: (m) => warnings.push(m) });
    try {
      const listed = await registry.list();
      expect(listed.revision).toBe(4);
      expect(listed.entries.map((e) => e.instance)).toEqual(['i-1']);
      expect(warnings).toEqual([expect.stringMatching(/^registry: skipped "\/h\/services\/www\/i-2" \(rev 4\): port: must be 1-65535/)]);
    } finally {
      await registry.close();
    }
  });

  it('an endpoint that does not answer is passed over for the next one', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const endpoint = await fakeGateway((_path, _body, respond) => respond(200, JSON.stringify({ header: { revision: '9' } })));
    const client = new EtcdHttpClient(connection([dead, endpoint]));
    try {
      expect((await client.range('/h/', { prefix: true })).header.revision).toBe(9);
    } finally {
      client.close();
    }
  });

  it('a watch line that is not a watch answer is warned about and skipped; the stream carries on; its end is told once', async () => {
    let stream: ((text: string) => void) | undefined;
    let end: (() => void) | undefined;
    const endpoint = await fakeGateway((_path, _body, respond) => {
      respond(200, `${JSON.stringify({ result: { header: { revision: '1' }, created: true } })}\n`, true);
      stream = (text) => respond(200, text, true);
      end = () => servers[0]!.closeAllConnections();
    });
    const client = new EtcdHttpClient(connection([endpoint]));
    const warnings: string[] = [];
    const seen: string[] = [];
    const ended: string[] = [];
    try {
      await client.watch('/h/', 1, {
        onEvents: (events) => seen.push(...events.map((e) => `${e.type} ${e.kv.key}`)),
        onEnd: (error) => ended.push(error.failure),
        warn: (m) => warnings.push(m),
      });
      const put = { kv: { key: b64('/h/services/www/i-1'), value: b64('{}'), mod_revision: '2' } };
      // Written through the same response: a bad line, then a good one in two chunks.
      const write = (text: string) => stream!(text);
      write(`${JSON.stringify({ result: { events: [{ type: 'EXPLODE' }] } })}\n`);
      const line = `${JSON.stringify({ result: { events: [put] } })}\n`;
      write(line.slice(0, 20));
      write(line.slice(20));
      await waitUntil(() => seen.length === 1, 5_000, 'the good event');
      expect(seen).toEqual(['PUT /h/services/www/i-1']);
      expect(warnings).toEqual([expect.stringMatching(/^registry watch: skipped an answer etcd v3 does not send/)]);
      end!();
      await waitUntil(() => ended.length === 1, 5_000, 'the end told');
      expect(ended).toEqual(['unreachable']);
    } finally {
      client.close();
    }
  });
});
