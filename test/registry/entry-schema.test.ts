// A registry entry is read through its schema: every hostile key or value is refused with what is wrong, never thrown.
import { describe, expect, it } from 'vitest';
import { isHost, preview } from '../../src/registry/entry-schema.js';
import { readEntry } from '../../src/registry/keys.js';

const P = '/hangar';
const K = '/hangar/services/www/i-1';
const v = (value: object) => JSON.stringify({ host: '10.0.0.1', port: 8080, ...value });
const problem = (key: string, value: string) => {
  const result = readEntry(P, key, value);
  return result && !result.ok ? result.problem : result;
};

describe('registry entry schema', () => {
  it('reads a good entry, with defaults for what is missing; a foreign key is not ours', () => {
    expect(readEntry(P, K, '{"host":"web-1.internal","port":80}')).toEqual({
      ok: true,
      value: { service: 'www', instance: 'i-1', host: 'web-1.internal', port: 80, group: '', status: 'up', since: '' },
    });
    expect(readEntry(P, K, v({ host: 'fd00::1', status: 'draining', group: 'g 1' }))).toMatchObject({
      ok: true,
      value: { host: 'fd00::1', status: 'draining' },
    });
    expect(readEntry(P, '/other/services/www/i-1', 'null')).toBeUndefined();
  });

  it('names what is wrong with each hostile value', () => {
    expect(problem(K, 'null')).toBe('value: must be a JSON object (got null)');
    expect(problem(K, '[1]')).toMatch(/^value: must be a JSON object/);
    expect(problem(K, '{oops')).toBe('value is not JSON (got "{oops")');
    expect(problem(K, '{"port":8080}')).toBe('host: is missing');
    expect(problem(K, v({ host: 42 }))).toBe('host: must be a string (got 42)');
    expect(problem(K, v({ host: '10.0.0.9\n  stats enable' }))).toBe(
      'host: is not an IPv4/IPv6 address or an RFC 1123 hostname (got "10.0.0.9\\n  stats enable")',
    );
    expect(problem(K, v({ host: '10.0.0.3 backup' }))).toMatch(/^host: is not an IPv4/);
    expect(problem(K, v({ host: 'h'.repeat(300) }))).toMatch(/^host: longer than 253 characters/);
    for (const [port, why] of [
      [0, 'must be 1-65535'],
      [-1, 'must be 1-65535'],
      [65_536, 'must be 1-65535'],
      [80.5, 'must be a whole number'],
      [1e9, 'must be 1-65535'],
      ['80', 'must be a number'],
    ] as const) {
      expect(problem(K, v({ port }))).toBe(`port: ${why} (got ${JSON.stringify(port)})`);
    }
    expect(problem(K, v({ status: 'up\n  stats enable' }))).toMatch(/^status: must be "up" or "draining"/);
    expect(problem(K, v({ group: 'g\tx' }))).toMatch(/^group: contains a control character/);
    expect(problem(K, v({ since: 's'.repeat(65) }))).toMatch(/^since: longer than 64 characters/);
    expect(problem(K, `{"host":"${'a'.repeat(100_000)}","port":1}`)).toBe('value is 100020 bytes (at most 4096)');
  });

  it('names what is wrong with each hostile key', () => {
    expect(problem('/hangar/services/www\n  stats enable/i-1', v({}))).toMatch(/^service name must be a plain name .*\(got "www\\n {2}stats enable"\)$/);
    expect(problem('/hangar/services/www/i 1', v({}))).toMatch(/^instance name must be a plain name/);
    expect(problem('/hangar/services/www/', v({}))).toBe('instance name is empty (got "")');
    expect(problem('/hangar/services/www/i-1/x', v({}))).toBe('key has 3 parts after /hangar/services/ (expected <service>/<instance>)');
    expect(problem(`/hangar/services/${'s'.repeat(200)}/i-1`, v({}))).toMatch(/^service name longer than 128 characters/);
  });

  it('hosts: addresses and RFC 1123 names only', () => {
    for (const host of ['10.0.0.1', '::1', 'fd00::1', 'a', 'web-1.internal', 'ip-10-0-0-1.ec2.internal.']) expect(isHost(host), host).toBe(true);
    for (const host of ['', '10.0.0.999', '-a', 'a-', 'a..b', 'a b', 'a_b', `${'a'.repeat(64)}.b`, '1.2.3', '[::1]']) expect(isHost(host), host).toBe(false);
  });

  it('previews values quoted and cut', () => {
    expect(preview('a\nb')).toBe('"a\\nb"');
    expect(preview('x'.repeat(1000)).length).toBe(63);
  });
});
