// Userinfo in URLs never shows: the password (or a bare token) becomes ***, the rest of the text is left alone.
import { describe, expect, it } from 'vitest';
import { redactUrls } from '../src/redact.js';

describe('redactUrls', () => {
  it('keeps the user and hides the password, in every URL of a text', () => {
    expect(redactUrls('cannot reach http://agent:PW@127.0.0.1:2379 now')).toBe('cannot reach http://agent:***@127.0.0.1:2379 now');
    expect(redactUrls('http://a:x@h1:1,https://b:y@h2:2')).toBe('http://a:***@h1:1,https://b:***@h2:2');
    expect(redactUrls('https://TOKEN@example.test/x')).toBe('https://***@example.test/x');
  });

  it('hides a password holding an @ whole, and works inside JSON text', () => {
    expect(redactUrls('http://agent:p@ss@127.0.0.1:1/x')).toBe('http://agent:***@127.0.0.1:1/x');
    const json = JSON.stringify({ message: 'cannot reach http://u:s3cr3t@127.0.0.1:1' });
    expect(redactUrls(json)).toBe(JSON.stringify({ message: 'cannot reach http://u:***@127.0.0.1:1' }));
  });

  it('hides user:password@host without a scheme (as gRPC names its target)', () => {
    expect(redactUrls('target agent:PW@127.0.0.1:2379 failed')).toBe('target agent:***@127.0.0.1:2379 failed');
  });

  it('leaves text without userinfo as it is', () => {
    for (const text of ['mail ops@example.test', 'http://127.0.0.1:1/a@b', 'plain text', 'http://h:1/x?y=a@b']) expect(redactUrls(text)).toBe(text);
  });
});

describe('redactUrls on long lines', () => {
  it('scans a 200 KB line without userinfo quickly', () => {
    const line = 'a:b=c,'.repeat(35_000);
    const started = Date.now();
    expect(redactUrls(`${line}@`)).toContain('a:b=c,');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
