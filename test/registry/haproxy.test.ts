// The built-in haproxy template passes `haproxy -c` in the awkward cases too: empty backends, odd names, draining servers.
import { describe, expect, it } from 'vitest';
import { renderProxyConfig, validateProxyConfig } from '../../src/registry/haproxy.js';
import type { ServiceEntry } from '../../src/registry/types.js';
import { haveBinaries } from '../helpers/binaries.js';
import { ROOT } from '../helpers/project.js';

const e = (service: string, instance: string, port: number, status: ServiceEntry['status'] = 'up'): ServiceEntry => ({
  service, instance, host: '127.0.0.1', port, group: 'g', status, since: '',
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

  it('rejects a broken config with haproxy\'s own alert', async () => {
    const error = await validateProxyConfig('frontend x\n  bind 127.0.0.1:1\n  bogus-keyword\n', signal).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'proxy.invalid' });
    expect((error as { details: string[] }).details.join('\n')).toMatch(/bogus-keyword/);
  });
});
