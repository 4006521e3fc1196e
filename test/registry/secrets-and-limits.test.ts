// Through the built CLI: a URL's password shows in no output mode; `agent --once` gives up in bounded time (exit 1); its identity is checked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdentity } from '../../src/registry/agent/identity.js';
import { haveBinaries } from '../helpers/binaries.js';
import { freePort } from '../helpers/net.js';
import { hangar, tempProject } from '../helpers/project.js';
import { writeDna } from './agent-helpers.js';
import { type EtcdServer, startEtcd } from './etcd-server.js';

const SECRET = 'Pw-s3cret-in-url';
const MODES = [[], ['--json'], ['--debug'], ['--json', '--debug']];
const base = { AWS_EC2_METADATA_DISABLED: 'true', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_REGION: 'us-east-1' };

describe('secrets in URLs', () => {
  let project: { dir: string; cleanup: () => void };
  beforeAll(() => {
    project = tempProject();
  });
  afterAll(() => project?.cleanup());

  it('an etcd endpoint with userinfo (HANGAR_ETCD_ENDPOINTS): named without it, in every output mode', async () => {
    for (const mode of MODES) {
      const result = await hangar(project.dir, ['service:list', ...mode], { ...base, HANGAR_ETCD_ENDPOINTS: `http://agent:${SECRET}@127.0.0.1:1` });
      const output = `${result.stdout}${result.stderr}`;
      expect(result.exitCode, output).toBe(1);
      expect(output).toMatch(/cannot reach etcd 127\.0\.0\.1:1 while listing services/);
      expect(output, mode.join(' ')).not.toContain(SECRET);
    }
  });

  it('an AWS endpoint with userinfo (--endpoint, AWS_ENDPOINT_URL): redacted as http://user:***@, in every output mode', async () => {
    const runs = [
      ...MODES.map((mode) => hangar(project.dir, ['instance:list', '--endpoint', `http://ops:${SECRET}@127.0.0.1:1`, ...mode], base)),
      hangar(project.dir, ['instance:list', '--json', '--debug'], { ...base, AWS_ENDPOINT_URL: `http://ops:${SECRET}@127.0.0.1:1` }),
    ];
    for (const result of await Promise.all(runs)) {
      const output = `${result.stdout}${result.stderr}`;
      expect(result.exitCode, output).toBe(1);
      expect(output).toMatch(/cannot reach http:\/\/ops:\*\*\*@127\.0\.0\.1:1/);
      expect(output).not.toContain(SECRET);
    }
  }, 60_000);
});

describe('agent --once is bounded', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hangar-once-limit-'));
    writeDna(join(dir, 'dna.json'), { www: { port: 8080 } }, null);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const once = (extra: string[], env: Record<string, string>) =>
    hangar(dir, ['agent', '--dna', join(dir, 'dna.json'), '--instance-id', 'i-1', '--host', '127.0.0.1', '--once', ...extra], { ...base, ...env });

  it('gives up after --once-timeout when the registry does not answer (exit 1, what is missing named)', async () => {
    const started = Date.now();
    const result = await once(['--once-timeout', '2'], { HANGAR_ETCD_ENDPOINTS: `http://agent:${SECRET}@127.0.0.1:1` });
    expect(result.exitCode, result.stderr).toBe(1);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(result.stderr).toMatch(/error: agent --once gave up after 2 s: www not registered \(cannot register \(cannot reach etcd 127\.0\.0\.1:1/);
    expect(result.stderr).toMatch(/hint: .*--once-timeout sets the limit/);
    expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
  }, 20_000);

  it('an --instance-id or --host that could not be registered is bad usage (exit 2); so is an unusable metadata answer (exit 1)', async () => {
    const env = { HANGAR_ETCD_ENDPOINTS: 'http://127.0.0.1:1' };
    const host = await hangar(dir, ['agent', '--dna', join(dir, 'dna.json'), '--instance-id', 'i-1', '--host', '10.0.0.1\n  stats enable', '--once'], {
      ...base,
      ...env,
    });
    expect(host.exitCode).toBe(2);
    expect(host.stderr).toMatch(/error: agent: --host is not an IPv4\/IPv6 address or an RFC 1123 hostname \(got "10\.0\.0\.1\\n {2}stats enable"\)/);
    const instance = await hangar(dir, ['agent', '--dna', join(dir, 'dna.json'), '--instance-id', 'i 1', '--host', '10.0.0.1', '--once'], { ...base, ...env });
    expect(instance.exitCode).toBe(2);
    expect(instance.stderr).toMatch(/error: agent: --instance-id must be a plain name/);
    const port = await freePort();
    const imds = createServer((req, res) => res.end(req.method === 'PUT' ? 'tok' : req.url?.endsWith('instance-id') ? 'i-1/../x' : '10.0.0.1'));
    await new Promise<void>((resolve) => imds.listen(port, '127.0.0.1', resolve));
    try {
      await expect(resolveIdentity({}, { HANGAR_IMDS_URL: `http://127.0.0.1:${port}` })).rejects.toThrow(
        /the metadata service at http:\/\/127\.0\.0\.1:\d+ answered an unusable instance id must be a plain name/,
      );
    } finally {
      imds.close();
    }
  });

  it('--once-timeout is typed and ranged (exit 2)', async () => {
    for (const value of ['0', '3601', 'soon']) {
      const result = await once(['--once-timeout', value], { HANGAR_ETCD_ENDPOINTS: 'http://127.0.0.1:1' });
      expect(result.exitCode, `${value}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/--once-timeout (must be at least 1|must be at most 3600|expects a number)/);
    }
  });

  describe.skipIf(!haveBinaries('etcd', 'etcdctl'))('against an etcd with auth', () => {
    let etcd: EtcdServer;
    beforeAll(async () => {
      etcd = await startEtcd();
      const ctl = (...args: string[]) => execa('etcdctl', ['--endpoints', etcd.endpoint, ...args]);
      await ctl('user', 'add', 'root:right-password');
      await ctl('auth', 'enable');
    });
    afterAll(async () => etcd?.cleanup());

    it('refused credentials end --once at once (exit 1), without retrying until the time limit', async () => {
      const started = Date.now();
      const endpoint = etcd.endpoint.replace('http://', `http://root:${SECRET}@`);
      const result = await once(['--once-timeout', '60'], { HANGAR_ETCD_ENDPOINTS: endpoint });
      expect(result.exitCode, result.stderr).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.stderr).toMatch(/refused the credentials/);
      expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
      // The credentials in the URL are the ones used: the right password works.
      const ok = await once([], { HANGAR_ETCD_ENDPOINTS: etcd.endpoint.replace('http://', 'http://root:right-password@') });
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/www: registered at 127\.0\.0\.1:8080/);
      expect(`${ok.stdout}${ok.stderr}`).not.toContain('right-password');
    }, 30_000);
  });
});
