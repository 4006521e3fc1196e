// service:list, service:watch, proxy:render and agent --once through the built CLI, against a real etcd and haproxy.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdRegistry } from '../../src/registry/etcd.js';
import type { ServiceEntry } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort, waitUntil } from '../helpers/net.js';
import { hangar, tempProject } from '../helpers/project.js';
import { startAgent, writeDna } from './agent-helpers.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

const entry = (service: string, instance: string, port: number, group: string): ServiceEntry => ({
  service,
  instance,
  host: '127.0.0.1',
  port,
  group,
  status: 'up',
  since: new Date(Date.now() - 90_000).toISOString(),
});

describe('without a registry', () => {
  it('service:list says none is configured and how to set one (exit 2); an unreachable etcd is named (exit 1)', async () => {
    const project = tempProject();
    try {
      const result = await hangar(project.dir, ['service:list'], { HANGAR_ETCD_ENDPOINTS: '' });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(/no service registry is configured/);
      expect(result.stderr).toMatch(/hint: set HANGAR_ETCD_ENDPOINTS=/);
      const down = await hangar(project.dir, ['service:list'], { HANGAR_ETCD_ENDPOINTS: 'http://127.0.0.1:1' });
      expect(down.exitCode).toBe(1);
      expect(down.stderr).toMatch(/^error: cannot reach etcd 127\.0\.0\.1:1 while listing services: .*ECONNREFUSED/m);
      expect(down.stderr).toMatch(/^hint: is etcd running\?/m);
    } finally {
      project.cleanup();
    }
  });
});

describe.skipIf(!haveBinaries('etcd', 'haproxy'))('registry commands (real etcd and haproxy)', () => {
  let etcd: EtcdServer;
  let registry: EtcdRegistry;
  let project: { dir: string; cleanup: () => void };
  let env: Record<string, string>;

  beforeAll(async () => {
    etcd = await startEtcd();
    registry = new EtcdRegistry({ endpoints: [etcd.endpoint], prefix: '/hangar', ttl: 10 });
    project = tempProject();
    env = { HANGAR_ETCD_ENDPOINTS: etcd.endpoint };
    await registry.register([
      entry('www', 'i-0a', 8080, '12_04-www'),
      entry('www', 'i-0b', 8080, '12_04-www'),
      entry('api-workers', 'i-0c', 8100, '12_04-bee'),
    ]);
    await registry.setStatus('i-0b', 'draining');
  });
  afterAll(async () => {
    await registry?.close();
    await etcd?.cleanup();
    project?.cleanup();
  });

  it('service:list prints a table and --json every entry', async () => {
    const result = await hangar(project.dir, ['service:list'], env);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^SERVICE\s+INSTANCES\s+HOSTS\s+GROUPS\s+AGE$/);
    expect(lines[1]).toMatch(/^api-workers\s+1\s+127\.0\.0\.1:8100\s+12_04-bee\s+\d+[sm]$/);
    expect(lines[2]).toMatch(/^www\s+2 \(1 draining\)\s+127\.0\.0\.1:8080, 127\.0\.0\.1:8080 \(draining\)\s+12_04-www\s+\d+[sm]$/);

    const json = await hangar(project.dir, ['service:list', '--json', '--service', 'www'], env);
    const result2 = json.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .find((e) => e.type === 'result');
    expect(result2.data.entries.map((e: ServiceEntry) => `${e.instance} ${e.status}`)).toEqual(['i-0a up', 'i-0b draining']);
  });

  it('service:watch prints one line per change until stopped', async () => {
    const child = hangar(project.dir, ['service:watch'], env);
    let out = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await waitUntil(() => /watching etcd .* \(3 entries now\)/.test(out), 15_000, 'watch started');
      const held = await registry.register([entry('cache', 'i-0d', 6379, '12_04-bee')]);
      await held.release();
      await waitUntil(() => /delete cache i-0d/.test(out), 10_000, 'delete line');
      const changes = out.split('\n').filter((l) => /^(put|delete) /.test(l));
      expect(changes).toHaveLength(2);
      expect(changes[0]).toMatch(/^put cache i-0d 127\.0\.0\.1:6379 up \[12_04-bee\] \(rev \d+\)$/);
    } finally {
      child.kill('SIGINT');
    }
    // ctrl-c stops the watch and the process ends by itself (the etcd watcher is closed, nothing hangs).
    const ended = await child;
    expect(ended.signal).toBeUndefined();
    expect(ended.stderr).toMatch(/interrupted/);
  });

  it('proxy:render writes a config that passes haproxy -c, reloads only on change, keeps the old file when haproxy rejects it', async () => {
    const out = join(project.dir, 'haproxy', 'haproxy.cfg');
    const marker = join(project.dir, 'reloads.log');
    writeFileSync(join(project.dir, 'reload.sh'), `#!/bin/sh\necho reload >> "${marker}"\n`, { mode: 0o755 });
    const args = ['proxy:render', '--out', out, '--reload-cmd', `${join(project.dir, 'reload.sh')}`];
    const first = await hangar(project.dir, args, env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toMatch(/reloaded .*haproxy\.cfg/);
    const config = readFileSync(out, 'utf8');
    expect(config).toContain('backend www');
    expect(config).toContain('option httpchk GET /status');
    expect(config).toMatch(/server i-0a 127\.0\.0\.1:8080 check .*\n/);
    expect(config).toMatch(/server i-0b 127\.0\.0\.1:8080 check .* disabled\n/);
    expect(config).toMatch(/frontend api-workers\n\s+bind 127\.0\.0\.1:8100/);
    const { execa } = await import('execa');
    const check = await execa('haproxy', ['-c', '-f', out], { reject: false });
    expect(check.exitCode).toBe(0);
    expect(`${check.stdout}${check.stderr}`).toMatch(/Configuration file is valid/);
    const mtime = statSync(out).mtimeMs;

    const again = await hangar(project.dir, args, env);
    expect(again.stdout).toMatch(/unchanged/);
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toEqual(['reload']);
    expect(statSync(out).mtimeMs).toBe(mtime);

    // A project template haproxy rejects: nothing is swapped in, nothing reloaded.
    await registry.setStatus('i-0a', 'draining');
    const templates = join(project.dir, 'templates');
    rmSync(templates, { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(templates);
    writeFileSync(join(templates, 'haproxy.cfg.hbs'), 'frontend x\n  bind 127.0.0.1:1\n  no-such-keyword {{#each services}}{{name}}{{/each}}\n');
    const bad = await hangar(project.dir, args, env);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/haproxy rejected the rendered config/);
    expect(readFileSync(out, 'utf8')).toBe(config);
    expect(readFileSync(marker, 'utf8').trim().split('\n')).toEqual(['reload']);
    rmSync(templates, { recursive: true, force: true });
    await registry.setStatus('i-0a', 'up');
  });

  it('agent --once reads its identity from a (loopback) metadata service, registers, writes the attributes and exits', async () => {
    const port = await freePort();
    const seen: string[] = [];
    const imds: Server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers['x-aws-ec2-metadata-token'] ?? ''}`);
      if (req.method === 'PUT' && req.url === '/latest/api/token') return res.end('tok');
      if (req.headers['x-aws-ec2-metadata-token'] !== 'tok') return res.writeHead(401).end();
      if (req.url === '/latest/meta-data/instance-id') return res.end('i-imds');
      if (req.url === '/latest/meta-data/local-ipv4') return res.end('127.0.0.9');
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => imds.listen(port, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'hangar-once-'));
    try {
      writeDna(join(dir, 'dna.json'), { search: { port: 9200 } }, ['www']);
      const agent = startAgent(dir, ['--dna', join(dir, 'dna.json'), '--once', '--haproxy', join(dir, 'haproxy.cfg')], {
        ...env,
        HANGAR_IMDS_URL: `http://127.0.0.1:${port}`,
      });
      const { exitCode } = await agent.exited;
      expect(agent.output()).toMatch(/agent for g on i-imds \(127\.0\.0\.9\)/);
      expect(exitCode).toBe(0);
      expect(seen).toEqual(['PUT /latest/api/token ', 'GET /latest/meta-data/instance-id tok', 'GET /latest/meta-data/local-ipv4 tok']);
      expect(JSON.parse(readFileSync(join(dir, 'services.json'), 'utf8'))).toEqual({ services: { www: ['127.0.0.1:8080'] } });
      expect(readFileSync(join(dir, 'haproxy.cfg'), 'utf8')).toMatch(/backend www[\s\S]*server i-0a 127\.0\.0\.1:8080/);
      const search = (await registry.list('search')).entries;
      expect(search).toMatchObject([{ instance: 'i-imds', host: '127.0.0.9', port: 9200, group: 'g' }]);
    } finally {
      imds.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
