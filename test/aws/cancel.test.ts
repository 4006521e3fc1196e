// Cancellation reaches AWS calls: an aborted signal rejects listings at once, even while the SDK backs off from throttling.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resetAwsClients } from '../../src/aws/clients.js';
import { explainAwsError } from '../../src/aws/errors.js';
import { findImagesInUse } from '../../src/images/usage.js';
import { listGroupImages } from '../../src/aws/images.js';
import { listInstances } from '../../src/aws/instances.js';
import { WaitError, pollUntil } from '../../src/rollout/wait.js';
import { addSandboxFault, clearSandboxFaults, readSandboxState } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { type Fixture, startFixture } from '../sandbox/sandbox-fixture.js';
import type { AwsTarget } from '../../src/aws/target.js';
import { sandboxAwsTarget } from '../../src/sandbox/backends/index.js';

const THROTTLE = { kind: 'error', action: '*', code: 'RequestLimitExceeded', count: 1000 } as const;
let fx: Fixture;
let options: AwsTarget;
const previousAttempts = process.env.HANGAR_AWS_MAX_ATTEMPTS;

/** How many calls the throttling fault has answered so far. */
const throttled = () => 1000 - ((readSandboxState(fx.sandbox.stateFile)?.faults[0] as { count?: number } | undefined)?.count ?? 1000);

beforeAll(async () => {
  // A long retry budget (30 attempts, throttling backoff up to 20 s each): only the signal can end these calls early.
  process.env.HANGAR_AWS_MAX_ATTEMPTS = '30';
  resetAwsClients();
  fx = await startFixture();
  options = sandboxAwsTarget(fx.sandbox.url);
});
afterEach(async () => clearSandboxFaults(fx.sandbox.stateFile));
afterAll(async () => {
  if (previousAttempts === undefined) delete process.env.HANGAR_AWS_MAX_ATTEMPTS;
  else process.env.HANGAR_AWS_MAX_ATTEMPTS = previousAttempts;
  resetAwsClients();
  await fx?.close();
});

describe('an aborted signal', () => {
  it('rejects a listing at once and sends nothing', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { ...THROTTLE });
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    const started = Date.now();
    const error = await listInstances(options, 'us-east-1', { groups: ['web'], signal: controller.signal }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(explainAwsError(error)).toMatchObject({ code: 'job.cancelled' });
    expect(throttled()).toBe(0);
  });

  it('fired while the SDK backs off from throttling ends the listing within a second', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { ...THROTTLE });
    const controller = new AbortController();
    const started = Date.now();
    const listing = listGroupImages(options, 'us-east-1', ['web'], controller.signal).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await waitUntil(() => throttled() >= 2, 15_000, 'two throttled attempts');
    const firedAt = Date.now();
    controller.abort(new Error('cancelled by test'));
    const error = await listing;
    const took = Date.now() - firedAt;
    expect(error).not.toBe('resolved');
    expect(explainAwsError(error)).toMatchObject({ code: 'job.cancelled', message: expect.stringContaining('DescribeImages') });
    expect(took).toBeLessThan(1000);
    // It was still retrying when cancelled: the fault has answers left.
    expect(throttled()).toBeLessThan(30);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('ends findImagesInUse (several paginated listings) as soon as it fires', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { ...THROTTLE });
    const controller = new AbortController();
    const finding = findImagesInUse(options, 'us-east-1', controller.signal).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await waitUntil(() => throttled() >= 1, 15_000, 'a throttled attempt');
    const firedAt = Date.now();
    controller.abort(new Error('cancelled by test'));
    const error = await finding;
    expect(error).not.toBe('resolved');
    expect(explainAwsError(error).code).toBe('job.cancelled');
    expect(Date.now() - firedAt).toBeLessThan(1000);
  });

  it('aborting a rollout wait while its check is in flight is WaitError aborted, not a failed check', async () => {
    await addSandboxFault(fx.sandbox.stateFile, { ...THROTTLE });
    const controller = new AbortController();
    const waiting = pollUntil({
      what: 'the images',
      check: () => listGroupImages(options, 'us-east-1', ['web'], controller.signal),
      judge: () => ({ done: false }),
      timeoutMs: 600_000,
      signal: controller.signal,
    }).catch((e: unknown) => e);
    await waitUntil(() => throttled() >= 1, 15_000, 'a throttled attempt');
    controller.abort(new Error('interrupted'));
    const error = await waiting;
    expect(error).toBeInstanceOf(WaitError);
    expect(error).toMatchObject({ reason: 'aborted', message: 'stopped waiting for the images: interrupted' });
  });
});
