// A fixed set of hostile requests to a `hangar sandbox:serve` child: each gets an AWS-shaped refusal, the server stays up, no lock is left.
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DescribeInstancesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { type ResultPromise, execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../helpers/net.js';
import { CLI, tempProject } from '../helpers/project.js';
import { clientsFor } from './sandbox-fixture.js';

const project = tempProject();
let child: ResultPromise | undefined;
let url = '';
let port = 0;

beforeAll(async () => {
  port = await freePort();
  child = execa('node', [CLI, 'sandbox:serve', '--port', String(port)], {
    cwd: project.dir,
    env: { NO_COLOR: '1', HANGAR_SANDBOX_SPEED: '100', AWS_EC2_METADATA_DISABLED: 'true' },
    stdin: 'ignore',
    reject: false,
  });
  await waitForPort(port);
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null) process.kill(child.pid, 'SIGINT');
  await child;
  project.cleanup();
});

const EC2 = 'Version=2016-11-15';
const ASG = 'Version=2011-01-01';
const form = { 'content-type': 'application/x-www-form-urlencoded' };

interface Case {
  name: string;
  path?: string;
  method?: string;
  body: string;
  status: number;
  /** The AWS error code (XML) or a piece of the admin route's JSON error. */
  says: string | RegExp;
}

const repeat = (n: number, item: (i: number) => string) => Array.from({ length: n }, (_, i) => item(i + 1)).join('&');

const CASES: Case[] = [
  {
    name: 'MaxCount far past the instance limit',
    body: `Action=RunInstances&${EC2}&ImageId=ami-1ebb2077&MinCount=100000000&MaxCount=100000000`,
    status: 400,
    says: 'InstanceLimitExceeded',
  },
  {
    name: 'MinCount above MaxCount',
    body: `Action=RunInstances&${EC2}&ImageId=ami-1ebb2077&MinCount=5&MaxCount=2`,
    status: 400,
    says: 'InvalidParameterValue',
  },
  {
    name: 'a count that is not a number',
    body: `Action=RunInstances&${EC2}&ImageId=ami-1ebb2077&MinCount=1&MaxCount=lots`,
    status: 400,
    says: 'InvalidParameterValue',
  },
  { name: 'a fractional count', body: `Action=RunInstances&${EC2}&ImageId=ami-1ebb2077&MinCount=1.5&MaxCount=2`, status: 400, says: 'InvalidParameterValue' },
  {
    name: 'an ASG of a hundred million',
    body: `Action=CreateAutoScalingGroup&${ASG}&AutoScalingGroupName=x&MinSize=0&MaxSize=100000000&DesiredCapacity=100000000&AvailabilityZones.member.1=us-east-1a&LaunchTemplate.LaunchTemplateName=none`,
    status: 400,
    says: 'ValidationError',
  },
  {
    name: 'a negative desired capacity',
    body: `Action=SetDesiredCapacity&${ASG}&AutoScalingGroupName=x&DesiredCapacity=-1`,
    status: 400,
    says: 'ValidationError',
  },
  { name: 'a page of a hundred thousand', body: `Action=DescribeInstances&${EC2}&MaxResults=100000`, status: 400, says: 'InvalidParameterValue' },
  { name: 'an ASG page size that is not a number', body: `Action=DescribeAutoScalingGroups&${ASG}&MaxRecords=many`, status: 400, says: 'ValidationError' },
  {
    name: '51 filters',
    body: `Action=DescribeInstances&${EC2}&${repeat(51, (i) => `Filter.${i}.Name=tag:k${i}&Filter.${i}.Value.1=v`)}`,
    status: 400,
    says: 'FilterLimitExceeded',
  },
  {
    name: '1001 instance ids',
    body: `Action=TerminateInstances&${EC2}&${repeat(1001, (i) => `InstanceId.${i}=i-${i}`)}`,
    status: 400,
    says: 'InvalidParameterValue',
  },
  {
    name: 'a backtracking wildcard',
    body: `Action=DescribeInstances&${EC2}&Filter.1.Name=tag:Name&Filter.1.Value.1=${'*a'.repeat(200)}*b`,
    status: 200,
    says: 'DescribeInstancesResponse',
  },
  { name: 'an action named like an object property', body: `Action=constructor&${EC2}`, status: 400, says: 'InvalidAction' },
  {
    name: 'a prototype-polluting parameter',
    body: `Action=__proto__&${EC2}&__proto__.polluted=1&constructor.prototype.polluted=1`,
    status: 400,
    says: 'InvalidAction',
  },
  { name: 'an unknown action', body: `Action=LaunchTheMissiles&${EC2}`, status: 400, says: 'InvalidAction' },
  { name: 'an unknown API version', body: 'Action=DescribeInstances&Version=1999-01-01', status: 400, says: 'InvalidAction' },
  { name: 'broken percent-encoding', body: `Action=DescribeRegions&${EC2}&%E0%A4%A=%%%ZZ&RegionName.1=%`, status: 200, says: 'DescribeRegionsResponse' },
  { name: 'an XML body', body: '<?xml version="1.0"?><RunInstances><MaxCount>1000000000</MaxCount></RunInstances>', status: 400, says: 'InvalidAction' },
  { name: 'a JSON body', body: '{"Action":"RunInstances","MaxCount":1e9}', status: 400, says: 'InvalidAction' },
  { name: 'binary junk as the body', body: '\u0000\u00ff\ufffd<xml>&&&==', status: 400, says: 'InvalidAction' },
  { name: 'bad JSON to the faults route', path: '/_sandbox/faults', body: '{"kind": "error",', status: 400, says: 'not JSON' },
  {
    name: 'a fault without a count',
    path: '/_sandbox/faults',
    body: '{"kind":"error","action":"RunInstances","code":"Throttling"}',
    status: 400,
    says: 'count',
  },
  {
    name: 'a fault of a billion',
    path: '/_sandbox/faults',
    body: '{"kind":"error","action":"*","code":"Throttling","count":1000000000}',
    status: 400,
    says: 'count',
  },
  { name: 'a speed that is a word', path: '/_sandbox/settings', body: '{"speed":"fast"}', status: 400, says: /speed: expected number/ },
  { name: 'a speed of zero', path: '/_sandbox/settings', body: '{"speed":0}', status: 400, says: 'speed' },
  { name: 'a speed of a billion', path: '/_sandbox/settings', body: '{"speed":1e9}', status: 400, says: 'speed' },
  { name: 'a non-loopback address', path: '/_sandbox/settings', body: '{"address":"10.0.0.9"}', status: 400, says: 'loopback' },
  { name: 'an unknown setting', path: '/_sandbox/settings', body: '{"fixedAddress":"8.8.8.8"}', status: 400, says: 'unknown key fixedAddress' },
  { name: 'an unknown admin route', path: '/_sandbox/shutdown', body: '{}', status: 404, says: 'no admin route' },
];

function post(c: Case): Promise<Response> {
  return fetch(`${url}${c.path ?? '/'}`, { method: c.method ?? 'POST', headers: c.path ? { 'content-type': 'application/json' } : form, body: c.body });
}

/** Streams `total` bytes of body in 64 KB chunks; resolves with the status the server answered (or the error that ended the upload). */
function upload(path: string, total: number, announce: boolean): Promise<{ status?: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: announce ? { 'content-length': total } : form });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (error) => resolve({ body: '', error: error.message }));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/** Raw bytes on a socket: what the server answers to a request that is not HTTP. */
function raw(bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('hostile requests to sandbox:serve', () => {
  it.each(CASES)('$name: $status', async (c) => {
    const response = await post(c);
    const text = await response.text();
    expect(response.status, text).toBe(c.status);
    if (typeof c.says === 'string' && !c.path && c.status >= 400) expect(text).toContain(`<Code>${c.says}</Code>`);
    else expect(text).toMatch(c.says);
  });

  it('refuses an 8 MB body (announced or streamed) with 413 before reading it all', async () => {
    for (const announce of [true, false]) {
      const started = Date.now();
      const answer = await upload('/', 8 * 1024 * 1024, announce);
      // The rest of the upload is read and dropped (bounded), so the client gets the answer rather than a broken pipe.
      expect(answer.error).toBeUndefined();
      expect(answer.status).toBe(413);
      expect(answer.body).toContain('<Code>RequestEntityTooLarge</Code>');
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    const admin = await upload('/_sandbox/settings', 1024 * 1024, true);
    expect(admin.status).toBe(413);
  });

  it('forgets 300 clients that hang up half way through their body (none stays counted in flight)', async () => {
    await Promise.all(
      Array.from(
        { length: 300 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect(port, '127.0.0.1', () => {
              socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nAction=Desc`);
              setTimeout(() => socket.destroy(), 20);
            });
            socket.on('close', () => resolve());
            socket.on('error', () => resolve());
          }),
      ),
    );
    // Over LIMITS.inFlight (256) would answer RequestLimitExceeded if they were still counted.
    const responses = await Promise.all(Array.from({ length: 5 }, () => post({ name: '', body: `Action=DescribeRegions&${EC2}`, status: 200, says: '' })));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('answers malformed HTTP with 400 and closes', async () => {
    expect(await raw('NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await raw('GET http://[::1 HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
  });

  it('still answers the SDK afterwards, never said "internal error", and leaves no lock once stopped', async () => {
    const { ec2 } = clientsFor(url);
    const regions = await ec2.send(new DescribeRegionsCommand({}));
    expect(regions.Regions?.length).toBeGreaterThan(0);
    const instances = await ec2.send(new DescribeInstancesCommand({}));
    // Nothing the refused calls asked for was launched.
    expect(instances.Reservations).toEqual([]);
    ec2.destroy();
    expect(child!.exitCode).toBeNull();
    process.kill(child!.pid!, 'SIGINT');
    const result = await child!;
    expect(result.exitCode).toBe(0);
    expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/internal error|Uncaught|TypeError|SyntaxError|\n\s+at /);
    const dir = join(project.dir, '.hangar');
    expect(existsSync(join(dir, 'sandbox.json'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.lock'))).toEqual([]);
  });
});
