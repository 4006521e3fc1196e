// etcd with authentication enabled: the user from settings/env, the password from the environment only, never printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRegistry } from '../../src/registry/open.js';
import { haveBinaries } from '../helpers/binaries.js';
import { hangar, tempProject } from '../helpers/project.js';
import { startAgent, writeDna } from './agent-helpers.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

const PASSWORD = 'Sup3r-s3cret-pw';

describe.skipIf(!haveBinaries('etcd', 'etcdctl'))('etcd with auth (real etcd)', () => {
  let etcd: EtcdServer;
  let dir: string;
  beforeAll(async () => {
    etcd = await startEtcd();
    const ctl = (...args: string[]) => execa('etcdctl', ['--endpoints', etcd.endpoint, ...args]);
    await ctl('user', 'add', `root:${PASSWORD}`);
    await ctl('auth', 'enable');
    dir = mkdtempSync(join(tmpdir(), 'hangar-auth-'));
  });
  afterAll(async () => {
    await etcd?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('works with the user from settings and the password from HANGAR_ETCD_PASSWORD; fails without it', async () => {
    const settings = { endpoints: [etcd.endpoint], user: 'root' };
    const registry = (await openRegistry(undefined, { settings, env: { HANGAR_ETCD_PASSWORD: PASSWORD } }))!;
    try {
      const held = await registry.register([{ service: 'www', instance: 'i-1', host: '127.0.0.1', port: 80, group: 'g', status: 'up', since: '' }]);
      expect((await registry.list()).entries.map((e) => e.instance)).toEqual(['i-1']);
      expect(registry.description).not.toContain(PASSWORD);
      await held.release();
    } finally {
      await registry.close();
    }
    await expect(openRegistry(undefined, { settings, env: {} })).rejects.toThrow(/HANGAR_ETCD_PASSWORD is not/);
    const anonymous = (await openRegistry(undefined, { settings: { endpoints: [etcd.endpoint] }, env: {} }))!;
    await expect(anonymous.list()).rejects.toThrow();
    await anonymous.close();
  });

  it('the agent and service:list authenticate; the password shows in no output', async () => {
    writeDna(join(dir, 'dna.json'), { www: { port: 8080 } }, null, { registry: { user: 'root' } });
    const env = { HANGAR_ETCD_ENDPOINTS: etcd.endpoint, HANGAR_ETCD_PASSWORD: PASSWORD };
    const agent = startAgent(dir, ['--dna', join(dir, 'dna.json'), '--instance-id', 'i-9', '--host', '127.0.0.1', '--command', 'true', '--debug'], env);
    try {
      await agent.waitFor(/www: registered at 127\.0\.0\.1:8080/);
      const project = tempProject();
      try {
        const list = await hangar(project.dir, ['service:list', '--debug'], { ...env, HANGAR_ETCD_USER: 'root' });
        expect(list.stdout).toMatch(/^www\s+1\s+127\.0\.0\.1:8080/m);
        expect(`${list.stdout}${list.stderr}`).not.toContain(PASSWORD);
        const denied = await hangar(project.dir, ['service:list'], {
          HANGAR_ETCD_ENDPOINTS: etcd.endpoint,
          HANGAR_ETCD_USER: 'root',
          HANGAR_ETCD_PASSWORD: 'wrong',
        });
        expect(denied.exitCode).toBe(1);
        expect(denied.stderr).toMatch(/error: etcd 127\.0\.0\.1:\d+ refused the credentials while listing services/);
        expect(denied.stderr).toMatch(/hint: check HANGAR_ETCD_USER/);
        expect(`${denied.stdout}${denied.stderr}`).not.toContain('wrong');
      } finally {
        project.cleanup();
      }
    } finally {
      agent.kill('SIGTERM');
      await agent.exited;
    }
    expect(agent.output()).toMatch(/deregistered/);
    expect(agent.output()).not.toContain(PASSWORD);
  });
});
