// The built-in haproxy template passes `haproxy -c` in the awkward cases too: empty backends, odd names, draining servers.
import { describe, expect, it } from 'vitest';
import { renderProxyConfig, validateProxyConfig } from '../../src/registry/haproxy.js';
import type { ServiceEntry } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { ROOT } from '../helpers/project.js';

const e = (service: string, instance: string, port: number, status: ServiceEntry['status'] = 'up'): ServiceEntry => ({
  service,
  instance,
  host: '127.0.0.1',
  port,
  group: 'g',
  status,
  since: '',
});

describe.skipIf(!haveBinaries('haproxy'))('haproxy template (real haproxy -c)', () => {
  const signal = new AbortController().signal;

  it('accepts empty backends, TCP-only checks and draining servers', async () => {
    const content = renderProxyConfig(ROOT, [e('www', 'i-1', 8080), e('www', 'i-2', 8080, 'draining'), e('odd.name_x', 'i-3', 9000)], {
      statusPaths: { www: '/status' },
      knownPorts: { search: 9200 },
      portOffset: 10000,
    });
    expect(content).toMatch(/frontend search\n\s+bind 127\.0\.0\.1:19200\n\s+default_backend search\n\nbackend search\n\s+balance roundrobin\n/);
    expect(content).toContain('frontend odd.name_x');
    await expect(validateProxyConfig(content, signal)).resolves.toBeUndefined();
  });

  it('a registry full of hostile entries renders exactly the good backends and servers, and haproxy -c passes', async () => {
    const bad = (patch: Partial<ServiceEntry>): ServiceEntry => ({ ...e('www', 'i-bad', 8080), ...patch });
    const hostile: ServiceEntry[] = [
      bad({ instance: 'i-nl', host: '10.0.0.9\n  stats enable\n  server evil 6.6.6.6' }),
      bad({ instance: 'i-sp', host: '10.0.0.3 backup' }),
      bad({ instance: 'i-port0', port: 0 }),
      bad({ instance: 'i-frac', port: 80.5 }),
      bad({ instance: 'i-big', port: 1e9 }),
      bad({ instance: 'i-huge', host: 'a'.repeat(100_000) }),
      bad({ service: 'www\n  stats enable' }),
      bad({ service: 'www x' }),
      bad({ instance: 'i-1 backup' }),
      bad({ instance: 'i-st', status: 'up\nx' as ServiceEntry['status'] }),
      bad({ instance: 'i-null', host: null as unknown as string }),
      // Another service's port under www: the declared port wins, the frontend stays where it is.
      e('www', 'i-9', 8100),
      e('www', 'i-8', 8100),
      // A service whose only port is taken by another: left out, not moved onto it.
      e('thief', 'i-7', 8080),
    ];
    const warnings: string[] = [];
    const content = renderProxyConfig(
      ROOT,
      [e('www', 'i-1', 8080), e('api-workers', 'i-2', 8100, 'draining'), e('www', 'v6', 8080), ...hostile].map((x) =>
        x.instance === 'v6' ? { ...x, host: 'fd00::1' } : x,
      ),
      {
        statusPaths: { www: '/status\n  stats enable', 'api-workers': '/health?full=1' },
        knownPorts: { www: 8080, 'api-workers': 8100, 'bad name': 9000 },
        warn: (m) => warnings.push(m),
      },
    );
    expect([...content.matchAll(/^backend (\S+)$/gm)].map((m) => m[1])).toEqual(['api-workers', 'www']);
    expect([...content.matchAll(/^\s+bind (\S+)$/gm)].map((m) => m[1])).toEqual(['127.0.0.1:8100', '127.0.0.1:8080']);
    expect([...content.matchAll(/^\s+server (\S+) (\S+) /gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      'i-2 127.0.0.1:8100',
      'i-1 127.0.0.1:8080',
      'i-8 127.0.0.1:8080',
      'i-9 127.0.0.1:8080',
      'v6 [fd00::1]:8080',
    ]);
    expect(content).toMatch(/option httpchk GET \/health\?full=1\n/);
    expect(content).not.toMatch(/stats enable|6\.6\.6\.6|backup|thief/);
    // One warning per left-out entry, service or path, each named.
    expect(warnings.filter((w) => /left out "www\/i-/.test(w) || /left out "www/.test(w))).toHaveLength(11);
    expect(warnings).toContainEqual('haproxy: www/i-9 registered port 8100, but www declares 8080 in nodes.json: using 8080');
    expect(warnings).toContainEqual("haproxy: left out service thief: its port 8080 is already www's");
    expect(warnings).toContainEqual(expect.stringMatching(/^haproxy: www: status path "\/status\\n {2}stats enable" is not a URL path: TCP checks instead$/));
    expect(warnings).toContainEqual(expect.stringMatching(/^haproxy: left out service "bad name" from nodes.json: not a plain name$/));
    await expect(validateProxyConfig(content, signal)).resolves.toBeUndefined();
  });

  it('a frontend address that is not an IP address is a usage error (exit 2)', () => {
    expect(() => renderProxyConfig(ROOT, [], { bind: '0.0.0.0\n  stats enable' })).toThrow(expect.objectContaining({ code: 'proxy.bind', exitCode: 2 }));
    expect(renderProxyConfig(ROOT, [e('www', 'i-1', 8080)], { bind: '::' })).toMatch(/bind \[::\]:8080/);
  });

  it("rejects a broken config with haproxy's own alert", async () => {
    const error = await validateProxyConfig('frontend x\n  bind 127.0.0.1:1\n  bogus-keyword\n', signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'proxy.invalid' });
    expect((error as { details: string[] }).details.join('\n')).toMatch(/bogus-keyword/);
  });
});
