// Hostile registry entries written while an agent and service:watch run (real etcd, real haproxy): both live on, warn once per bad key, keep reacting.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveBinaries } from '../helpers/binaries.js';
import { waitUntil } from '../helpers/net.js';
import { hangar, tempProject } from '../helpers/project.js';
import { type AgentProcess, startAgent, writeDna } from './agent-helpers.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

const S = '/hangar/services';
const good = (host: string, port: number, group = '12_04-www') => JSON.stringify({ host, port, group, status: 'up', since: new Date().toISOString() });

/** Key -> value of entries that must never reach a consumer, and a word of what the warning names. */
const HOSTILE: [string, string, RegExp][] = [
  [`${S}/www/i-null`, 'null', /value: must be a JSON object/],
  [`${S}/www/i-nonjson`, '{"host": "10.0.0.1", port', /value is not JSON/],
  [`${S}/www/i-types`, '{"host": 42, "port": "8080"}', /host: must be a string/],
  [`${S}/www/i-evil`, JSON.stringify({ host: '10.0.0.9\n  stats enable\n  server evil 6.6.6.6', port: 8080 }), /host: is not an IPv4\/IPv6 address/],
  [`${S}/www/i-space`, JSON.stringify({ host: '10.0.0.3 backup', port: 8080 }), /host: is not an IPv4\/IPv6 address/],
  [`${S}/www\n  stats enable/i-1`, good('10.0.0.4', 8080), /service name must be a plain name/],
  [`${S}/www/i-x y`, good('10.0.0.5', 8080), /instance name must be a plain name/],
  [`${S}/www/i-a/b`, good('10.0.0.6', 8080), /key has 3 parts/],
  [`${S}/www/i-port0`, good('10.0.0.7', 0), /port: must be 1-65535 \(got 0\)/],
  [`${S}/www/i-portneg`, good('10.0.0.7', -1), /port: must be 1-65535 \(got -1\)/],
  [`${S}/www/i-portfrac`, good('10.0.0.7', 80.5), /port: must be a whole number \(got 80.5\)/],
  [`${S}/www/i-portbig`, good('10.0.0.7', 1e9), /port: must be 1-65535 \(got 1000000000\)/],
  [`${S}/www/i-huge`, JSON.stringify({ host: 'a'.repeat(100_000), port: 8080 }), /value is 1000\d\d bytes/],
  [`${S}/www/i-status`, JSON.stringify({ host: '10.0.0.8', port: 8080, status: 'up\n  stats enable' }), /status: must be "up" or "draining"/],
  [`${S}/www/i-group`, JSON.stringify({ host: '10.0.0.8', port: 8080, group: 'g\nx' }), /group: contains a control character/],
];

/** How many times a warning names `key` (JSON-quoted, as the warning shows it). */
const warnedFor = (output: string, key: string) => output.split(`skipped ${JSON.stringify(key)}`).length - 1;

describe.skipIf(!haveBinaries('etcd', 'haproxy'))('hostile registry entries (real etcd and haproxy)', () => {
  let etcd: EtcdServer;
  let raw: Etcd3;
  let project: { dir: string; cleanup: () => void };
  let dir: string;
  let agent: AgentProcess;
  let watchOut = '';
  let watch: ReturnType<typeof hangar>;
  let env: Record<string, string>;

  beforeAll(async () => {
    etcd = await startEtcd();
    raw = new Etcd3({ hosts: etcd.endpoint });
    env = { HANGAR_ETCD_ENDPOINTS: etcd.endpoint, AWS_EC2_METADATA_DISABLED: 'true' };
    project = tempProject();
    dir = mkdtempSync(join(tmpdir(), 'hangar-hostile-'));
    writeDna(join(dir, 'dna.json'), { 'api-workers': { port: 8100 } }, null);
    agent = startAgent(
      dir,
      ['--dna', join(dir, 'dna.json'), '--instance-id', 'i-agent', '--host', '127.0.0.1', '--command', 'true', '--wait-min', '0.05', '--wait-max', '0.2'],
      env,
    );
    watch = hangar(project.dir, ['service:watch'], env);
    watch.stdout?.on('data', (c: Buffer) => (watchOut += c.toString()));
    watch.stderr?.on('data', (c: Buffer) => (watchOut += c.toString()));
    await agent.waitFor(/api-workers: registered at 127\.0\.0\.1:8100/);
    await waitUntil(() => /watching etcd/.test(watchOut), 15_000, `service:watch started\n${watchOut}`);
  });
  afterAll(async () => {
    agent?.kill('SIGTERM');
    watch?.kill('SIGINT');
    await Promise.all([agent?.exited, watch]);
    raw?.close();
    await etcd?.cleanup();
    project?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('both stay alive, warn once per bad key, keep reacting to good changes; proxy:render has exactly the good servers', async () => {
    await raw.put(`${S}/www/i-good1`).value(good('10.0.0.1', 8080));
    for (const [key, value] of HOSTILE) await raw.put(key).value(value);
    // A known key overwritten with a bad value: consumers forget it (a delete), never keep the stale one.
    await raw.put(`${S}/www/i-good1`).value('null');
    await raw.put(`${S}/www/i-good1`).value(good('10.0.0.1', 8080));
    await raw.put(`${S}/www/i-good2`).value(good('10.0.0.2', 8080));
    // Registered under a port www does not declare: a warning, and the declared port in the proxy.
    await raw.put(`${S}/www/i-otherport`).value(good('10.0.0.3', 8100));

    await waitUntil(() => /put www i-otherport 10\.0\.0\.3:8100/.test(watchOut), 15_000, `watch saw the last good put\n${watchOut}`);
    await waitUntil(() => readSafely(join(dir, 'services.json')).includes('10.0.0.3:8100'), 15_000, 'agent wrote the last good put');
    for (const [key, , why] of HOSTILE) {
      const line = new RegExp(`skipped ${escapeRegExp(JSON.stringify(key))}.*`);
      await waitUntil(() => line.test(agent.output()), 5_000, `agent warned about ${key}\n${agent.output()}`);
      expect(watchOut.match(line)?.[0]).toMatch(why);
      expect(agent.output().match(line)?.[0]).toMatch(why);
    }
    // A good change after all that is still seen by both.
    await raw.put(`${S}/www/i-good3`).value(good('10.0.0.10', 8080));
    await waitUntil(() => /put www i-good3 10\.0\.0\.10:8080/.test(watchOut), 10_000, 'watch saw a good put after the hostile ones');
    await waitUntil(() => readSafely(join(dir, 'services.json')).includes('10.0.0.10:8080'), 10_000, 'agent saw it too');
    for (const [key] of HOSTILE) {
      expect(warnedFor(watchOut, key), key).toBe(1);
      expect(warnedFor(agent.output(), key), key).toBe(1);
    }
    // The key that held a good entry is a delete once; bad entries that were never shown are not.
    expect(watchOut.match(/delete www \S+/g)).toEqual(['delete www i-good1']);
    // Injected text only ever shows escaped inside a warning, never as a line of its own.
    expect(watchOut).not.toMatch(/^\s*(stats enable|server evil)|TypeError/m);
    const services = JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8')) as { services: Record<string, string[]> };
    expect(services.services.www).toEqual(['10.0.0.10:8080', '10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8100']);

    const list = await hangar(project.dir, ['service:list', '--json', '--service', 'www'], env);
    expect(list.exitCode).toBe(0);
    const result = list.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'result');
    expect(result.data.entries.map((e: { instance: string }) => e.instance)).toEqual(['i-good1', 'i-good2', 'i-good3', 'i-otherport']);

    const render = await hangar(project.dir, ['proxy:render'], env);
    expect(render.exitCode, render.stderr).toBe(0);
    expect(render.stderr).toMatch(/www\/i-otherport registered port 8100, but www declares 8080 in nodes.json: using 8080/);
    const servers = [...render.stdout.matchAll(/^\s+server (\S+) (\S+) check/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(servers).toEqual([
      'i-agent 127.0.0.1:8100',
      'i-good1 10.0.0.1:8080',
      'i-good2 10.0.0.2:8080',
      'i-good3 10.0.0.10:8080',
      'i-otherport 10.0.0.3:8080',
    ]);
    expect([...render.stdout.matchAll(/^backend (\S+)$/gm)].map((m) => m[1])).toEqual(['api-workers', 'www']);
    expect([...render.stdout.matchAll(/^\s+bind (\S+)$/gm)].map((m) => m[1])).toEqual(['127.0.0.1:8100', '127.0.0.1:8080']);
    expect(render.stdout).not.toMatch(/stats enable|6\.6\.6\.6/);
    const cfg = join(dir, 'rendered.cfg');
    writeFileSync(cfg, `${render.stdout}\n`);
    expect((await execa('haproxy', ['-c', '-f', cfg], { reject: false })).exitCode).toBe(0);

    // Alive through all of it.
    expect(agent.output()).not.toMatch(/TypeError|Uncaught/);
    expect(await Promise.race([agent.exited.then(() => 'exited'), Promise.resolve('running')])).toBe('running');
    expect(watch.exitCode).toBeNull();
  }, 60_000);
});

function readSafely(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
