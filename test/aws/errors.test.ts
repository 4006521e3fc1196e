// explainAwsError: real SDK failures (no credentials, closed endpoint) and modeled AWS errors become one-line hints.
import { afterEach, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients.js';
import { explainAwsError } from '../../src/aws/errors.js';
import { listInstances } from '../../src/aws/instances.js';
import { HangarError } from '../../src/errors.js';
import { freePort } from '../helpers/net.js';
import { awsTargetOf } from '../../src/aws/target.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  resetAwsClients();
});

function withoutCredentials(): void {
  for (const key of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  ]) {
    delete process.env[key];
  }
  process.env.AWS_CONFIG_FILE = '/nonexistent/hangar-config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/hangar-credentials';
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

describe('explainAwsError with the real SDK', () => {
  it('names the missing credentials and what to set', async () => {
    withoutCredentials();
    const port = await freePort();
    const error = await listInstances(awsTargetOf(`http://127.0.0.1:${port}`), 'us-east-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HangarError);
    const hangar = error as HangarError;
    expect(hangar.code).toBe('aws.credentials');
    expect(hangar.exitCode).toBe(1);
    expect(hangar.message).toBe('no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --sandbox');
  });

  it('names the unreachable endpoint and the call', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    const port = await freePort(); // nothing listens: connection refused
    const endpoint = `http://127.0.0.1:${port}`;
    process.env.HANGAR_AWS_MAX_ATTEMPTS = '1';
    const error = await listInstances(awsTargetOf(endpoint), 'us-east-1', { groups: ['web'] }).catch((e: unknown) => e);
    const hangar = error as HangarError;
    expect(hangar.code).toBe('aws.unreachable');
    expect(hangar.message).toBe(`cannot reach ${endpoint} (DescribeInstances): the connection was refused`);
    expect(hangar.message).not.toContain('\n');
    expect(hangar.hint).toContain('--endpoint');
  });
});

describe('explainAwsError on modeled errors', () => {
  const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });

  it('says the token expired and how to refresh', () => {
    const e = explainAwsError(sdkError('ExpiredToken', 'The security token included in the request is expired'), { call: 'DescribeImages' });
    expect(e.code).toBe('aws.expired');
    expect(e.message).toContain('expired (DescribeImages)');
  });

  it('names the call that was denied', () => {
    const e = explainAwsError(sdkError('UnauthorizedOperation', 'You are not authorized to perform this operation.'), { call: 'RunInstances' });
    expect(e.code).toBe('aws.denied');
    expect(e.message).toBe('access denied for RunInstances: the AWS identity in use is not allowed to call it');
  });

  it('reports an auth failure with what to check', () => {
    const e = explainAwsError(sdkError('AuthFailure', 'AWS was not able to validate the provided access credentials'));
    expect(e.code).toBe('aws.auth');
    expect(e.message).toContain('AWS_PROFILE');
  });

  it('names the region when its endpoint does not resolve', () => {
    const e = explainAwsError(Object.assign(new Error('getaddrinfo ENOTFOUND ec2.mars-1.amazonaws.com'), { code: 'ENOTFOUND' }), {
      region: 'mars-1',
      endpoint: 'https://ec2.mars-1.amazonaws.com',
    });
    expect(e.code).toBe('aws.unreachable');
    expect(e.message).toContain('https://ec2.mars-1.amazonaws.com');
    expect(e.hint).toContain('region');
  });

  it('passes a HangarError through', () => {
    const original = new HangarError('x.y', 'kept');
    expect(explainAwsError(original)).toBe(original);
  });
});
