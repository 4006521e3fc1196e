// Pure parts: settings (password from env only), dna block, commands, attributes, table, scheduler timing, proxy context.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildDecommissionCommand, buildProvisionCommand } from '../../src/registry/agent/command.js';
import { parseDna } from '../../src/registry/agent/dna.js';
import { ProvisionScheduler } from '../../src/registry/agent/scheduler.js';
import { renderAttributes } from '../../src/registry/agent/service-map.js';
import { proxyContext } from '../../src/registry/haproxy.js';
import { decodeEntry, encodeEntry, entryKey, parseKey } from '../../src/registry/keys.js';
import { describeEtcd, resolveEtcdConnection } from '../../src/registry/settings.js';
import { formatServiceTable, summarizeServices } from '../../src/registry/service-table.js';
import type { ServiceEntry } from '../../src/registry/types.js';

const e = (service: string, instance: string, port: number, status: ServiceEntry['status'] = 'up'): ServiceEntry => ({
  service,
  instance,
  host: '10.0.0.1',
  port,
  group: 'g',
  status,
  since: '2026-01-01T00:00:00.000Z',
});

describe('registry settings', () => {
  it('no endpoint means no etcd; the environment wins over nodes.json', () => {
    expect(resolveEtcdConnection({ prefix: '/x' }, {})).toBeUndefined();
    const c = resolveEtcdConnection({ endpoints: ['http://a:2379'], prefix: '/x', ttl: 4 }, { HANGAR_ETCD_ENDPOINTS: 'http://b:2379, http://c:2379' });
    expect(c).toMatchObject({ endpoints: ['http://b:2379', 'http://c:2379'], prefix: '/x', ttl: 4 });
  });

  it('the password comes from the environment only and never shows in the description', () => {
    expect(() => resolveEtcdConnection({ endpoints: ['http://a:2379'], user: 'root' }, {})).toThrow(/HANGAR_ETCD_PASSWORD is not/);
    const c = resolveEtcdConnection({ endpoints: ['http://root:pw@a:2379'], user: 'root', password: 'from-file' } as never, {
      HANGAR_ETCD_PASSWORD: 's3cret',
    })!;
    expect(c.auth).toEqual({ user: 'root', password: 's3cret' });
    expect(describeEtcd(c)).toBe('etcd a:2379');
    expect(JSON.stringify(describeEtcd(c))).not.toMatch(/s3cret|pw|from-file/);
  });

  it('a client certificate needs both cert and key; unreadable files are named', () => {
    expect(() => resolveEtcdConnection({ endpoints: ['https://a:2379'] }, { HANGAR_ETCD_CERT: '/x.pem' })).toThrow(/both a cert and a key/);
    expect(() => resolveEtcdConnection({ endpoints: ['https://a:2379'], ca: '/nonexistent/ca.pem' }, {})).toThrow(
      /cannot read the etcd CA \/nonexistent\/ca\.pem/,
    );
  });
});

describe('keys', () => {
  it('round-trips an entry through its key and value; foreign keys are ignored', () => {
    const key = entryKey('/hangar/', 'www', 'i-1');
    expect(key).toBe('/hangar/services/www/i-1');
    expect(decodeEntry('/hangar', key, encodeEntry(e('www', 'i-1', 80)))).toEqual(e('www', 'i-1', 80));
    expect(parseKey('/hangar', '/hangar/services/www')).toBeUndefined();
    expect(decodeEntry('/hangar', key, 'not json')).toBeUndefined();
  });
});

describe('dna and commands', () => {
  const dna = (hangar: object) => JSON.stringify({ id: 'g', run_list: [], hangar });

  it('reads services, depends_on, registry settings and the provision command', () => {
    const parsed = parseDna(
      'd.json',
      dna({
        group: 'g',
        services: { www: { port: 80, status: '/status' } },
        depends_on: ['api'],
        registry: { prefix: '/p' },
        provision_command: 'chef-solo -j "/etc/chef/my dna.json"',
      }),
    );
    expect(parsed).toMatchObject({
      group: 'g',
      services: [{ name: 'www', port: 80, status: '/status' }],
      dependsOn: ['api'],
      registry: { prefix: '/p' },
      cookbook: 'seatgeek-service',
    });
    expect(parseDna('d.json', dna({ group: 'g', services: {}, depends_on: null })).dependsOn).toBeUndefined();
    expect(() => parseDna('d.json', dna({ group: 'g', services: { www: { port: 'x' } } }))).toThrow(/service "www" has no valid port/);
    expect(() => parseDna('d.json', '{"id": 1}')).toThrow(/no "hangar" block/);
  });

  it('splits commands into argv without a shell; the delete recipe is added with -o', () => {
    expect(buildProvisionCommand(undefined, '/etc/chef/dna.json')).toEqual({ file: 'chef-solo', args: ['-j', '/etc/chef/dna.json'] });
    const custom = buildProvisionCommand('sudo chef-solo -j "/etc/chef/my dna.json"; rm -rf /', '/x');
    expect(custom).toEqual({ file: 'sudo', args: ['chef-solo', '-j', '/etc/chef/my dna.json;', 'rm', '-rf', '/'] });
    expect(buildDecommissionCommand(buildProvisionCommand(undefined, '/d.json'), 'seatgeek-service', 'www').args).toEqual([
      '-j',
      '/d.json',
      '-o',
      'recipe[seatgeek-service::delete-www]',
    ]);
  });
});

describe('attributes, table and proxy context', () => {
  it('the attributes file lists up instances only; watched services appear even when empty', () => {
    const text = renderAttributes([e('www', 'i-2', 81), e('www', 'i-1', 80), e('www', 'i-3', 82, 'draining')], ['api', 'www']);
    expect(JSON.parse(text)).toEqual({ services: { api: [], www: ['10.0.0.1:80', '10.0.0.1:81'] } });
  });

  it('the table has one row per service with counts, hosts, groups and age', () => {
    const now = Date.parse('2026-01-01T00:05:00.000Z');
    const table = formatServiceTable(summarizeServices([e('www', 'i-1', 80), e('www', 'i-2', 80, 'draining'), e('api', 'i-1', 90)]), now);
    const rows = table.split('\n');
    expect(rows[0]).toMatch(/^SERVICE\s+INSTANCES\s+HOSTS\s+GROUPS\s+AGE$/);
    expect(rows[2]).toMatch(/^www\s+2 \(1 draining\)\s+10\.0\.0\.1:80, 10\.0\.0\.1:80 \(draining\)\s+g\s+5m$/);
  });

  it('the proxy context has a frontend per service on its port (+offset), draining servers disabled, odd names left out and said', () => {
    const warnings: string[] = [];
    const ctx = proxyContext([e('www', 'i-1', 80), e('www', 'i-2', 80, 'draining'), e('odd name', 'i-1', 90)], {
      portOffset: 1000,
      statusPaths: { www: '/status' },
      knownPorts: { empty: 70, unknown: undefined },
      warn: (m) => warnings.push(m),
    });
    expect(ctx.services.map((s) => [s.id, s.listen, s.status, s.servers.map((v) => `${v.id}${v.draining ? '-' : '+'}`)])).toEqual([
      ['empty', 1070, undefined, []],
      ['www', 1080, '/status', ['i-1+', 'i-2-']],
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^haproxy: left out "odd name\/i-1": service: must be a plain name/)]);
  });
});

describe('provision scheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits for a quiet period, but no longer than the maximum wait; never two runs at once', async () => {
    const starts: number[] = [];
    let running = 0;
    let overlap = false;
    let finish: (() => void) | undefined;
    const scheduler = new ProvisionScheduler({
      waitMin: 100,
      waitMax: 1000,
      provision: () => {
        starts.push(Date.now());
        if (++running > 1) overlap = true;
        return new Promise<boolean>(
          (resolve) =>
            (finish = () => {
              running--;
              resolve(true);
            }),
        );
      },
    });
    const t0 = Date.now();
    // A change every 50 ms for 2 s: the quiet period never comes, the maximum wait fires.
    for (let i = 0; i < 40; i++) {
      scheduler.trigger();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(starts.map((s) => s - t0)).toEqual([1000]);
    // Still running: later triggers wait for it.
    await vi.advanceTimersByTimeAsync(2000);
    expect(starts).toHaveLength(1);
    finish!();
    await vi.advanceTimersByTimeAsync(10);
    expect(starts).toHaveLength(2);
    finish!();
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toHaveLength(2);
    expect(overlap).toBe(false);
    await scheduler.stop();
  });

  it('retries a failed run with doubling backoff and reports each failure', async () => {
    const results = [false, false, true];
    const starts: number[] = [];
    const delays: number[] = [];
    const scheduler = new ProvisionScheduler({
      waitMin: 10,
      waitMax: 100,
      retryMinMs: 1000,
      provision: async () => {
        starts.push(Date.now());
        return results.shift() ?? true;
      },
      onError: (_error, retryIn) => delays.push(retryIn),
    });
    const t0 = Date.now();
    scheduler.trigger();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(starts.map((s) => s - t0)).toEqual([10, 1010, 3010]);
    expect(delays).toEqual([1000, 2000]);
    await scheduler.stop();
  });
});
