// The endpoint itself: unknown actions are logged loudly and refused, GET queries work, a bad state file says how to fix it.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetSandbox, startSandbox } from '../../src/sandbox/index.js';
import { type Fixture, startFixture } from './sandbox-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx?.close();
});

const post = (body: string) => fetch(fx.sandbox.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

describe('the endpoint', () => {
  it('refuses an unknown action with InvalidAction and logs it loudly', async () => {
    const response = await post('Action=DescribeFlyingSaucers&Version=2016-11-15&Saucer.1=x');
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(fx.logs.join('\n')).toContain('SANDBOX: UNKNOWN EC2 action "DescribeFlyingSaucers"');
    const asg = await post('Action=PutScheduledUpdateGroupAction&Version=2011-01-01');
    expect(await asg.text()).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
  });

  it('answers a GET query as well as a POST form', async () => {
    const response = await fetch(`${fx.sandbox.url}/?Action=DescribeRegions&Version=2016-11-15&RegionName.1=eu-west-1`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('<regionName>eu-west-1</regionName>');
    expect(text).not.toContain('us-east-1');
  });

  it('serves the state on the admin route, advanced to now', async () => {
    const response = await fetch(`${fx.sandbox.url}/_sandbox/state`);
    const state = (await response.json()) as { version: number; images: Array<{ id: string }> };
    expect(state.version).toBe(1);
    expect(state.images.map((i) => i.id)).toContain('ami-1ebb2077');
  });

  it('listens on loopback only', async () => {
    await expect(startSandbox({ stateFile: fx.sandbox.stateFile, port: 0, log: () => {}, address: '10.0.0.1' })).rejects.toThrow(/127\.x/);
  });

  it('names the fix when the state file is unreadable; reset recovers it', async () => {
    writeFileSync(fx.sandbox.stateFile, '{"not": "a sandbox"}');
    const response = await post('Action=DescribeImages&Version=2016-11-15');
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<Code>SandboxStateInvalid</Code>');
    expect(text).toContain('hangar sandbox:reset');
    await resetSandbox(fx.sandbox.stateFile, undefined);
    const again = await post('Action=DescribeImages&Version=2016-11-15');
    expect(again.status).toBe(200);
  });
});
