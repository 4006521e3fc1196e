// Target group health: the worst state across groups (pure), and the real ELBv2 SDK request against a loopback stub endpoint.
import { type Server, createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combineTargetHealth, createTargetHealthChecker } from '../../src/aws/asg-target-health.js';

describe('combineTargetHealth', () => {
  it('takes the worst state across target groups; an unlisted instance is unregistered', () => {
    const out = combineTargetHealth(
      ['i-1', 'i-2', 'i-3'],
      [
        [
          { id: 'i-1', state: 'healthy' },
          { id: 'i-2', state: 'healthy' },
          { id: 'i-3', state: 'healthy' },
        ],
        [
          { id: 'i-1', state: 'healthy' },
          { id: 'i-2', state: 'initial' },
        ],
      ],
    );
    expect(Object.fromEntries(out)).toEqual({ 'i-1': 'healthy', 'i-2': 'initial', 'i-3': 'unregistered' });
  });
});

describe('createTargetHealthChecker (real SDK, loopback ELBv2 stub)', () => {
  let server: Server;
  let url: string;
  const requests: URLSearchParams[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const params = new URLSearchParams(body);
        requests.push(params);
        const ids = [...params.entries()].filter(([k]) => /^Targets\.member\.\d+\.Id$/.test(k)).map(([, v]) => v);
        const arn = params.get('TargetGroupArn') ?? '';
        const members = ids
          .map(
            (id) =>
              `<member><Target><Id>${id}</Id></Target><TargetHealth><State>${arn.endsWith('/b') && id === 'i-2' ? 'initial' : 'healthy'}</State></TargetHealth></member>`,
          )
          .join('');
        response.writeHead(200, { 'content-type': 'text/xml' });
        response.end(
          `<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeTargetHealthResult><TargetHealthDescriptions>${members}</TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks every target group about the instances and combines the answers', async () => {
    const check = createTargetHealthChecker(
      { endpoint: url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' }, loadBalancers: true },
      'us-east-1',
    );
    const out = await check(['arn:tg/a', 'arn:tg/b'], ['i-1', 'i-2']);
    expect(Object.fromEntries(out)).toEqual({ 'i-1': 'healthy', 'i-2': 'initial' });
    expect(requests.map((r) => r.get('Action'))).toEqual(['DescribeTargetHealth', 'DescribeTargetHealth']);
    expect(requests.map((r) => r.get('TargetGroupArn')).sort()).toEqual(['arn:tg/a', 'arn:tg/b']);
    expect(requests[0]!.get('Targets.member.2.Id')).toBe('i-2');
  });
});
