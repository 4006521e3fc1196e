// The job's safety net: an AWS SDK error an action did not explain still ends as a one-line HangarError.
import { describe, expect, it } from 'vitest';
import { defineAction } from '../../src/actions/types.js';
import { CALL_CONTEXT } from '../../src/aws/errors.js';
import { HangarError } from '../../src/errors.js';
import { startJob } from '../../src/jobs/job.js';

const options = { json: false, yes: false, debug: false, sandbox: false, interactive: false };

function jobThrowing(error: unknown, usesAws: boolean) {
  const action = defineAction({
    name: 't:throw',
    summary: 't',
    groups: 'none',
    flags: {},
    needsConfig: false,
    usesAws,
    async run() {
      throw error;
    },
  });
  return startJob({ action, groups: [], flags: {}, config: undefined, options, lookup: () => undefined });
}

describe('job safety net for AWS errors', () => {
  it('explains an SDK error thrown raw by an AWS action', async () => {
    const sdkError = Object.assign(new Error('You are not authorized to perform this operation.'), {
      name: 'UnauthorizedOperation',
      $metadata: { httpStatusCode: 403 },
      [CALL_CONTEXT]: { call: 'CreateAutoScalingGroup', region: 'us-east-1' },
    });
    const job = jobThrowing(sdkError, true);
    expect(await job.done).toBe('failed');
    expect(job.error).toBeInstanceOf(HangarError);
    expect((job.error as HangarError).message).toBe('access denied for CreateAutoScalingGroup: the AWS identity in use is not allowed to call it');
    const event = job.events.slice().find((e) => e.type === 'error');
    expect(event).toMatchObject({ code: 'aws.denied' });
  });

  it('leaves other errors alone', async () => {
    const bug = new TypeError('x is undefined');
    const job = jobThrowing(bug, true);
    await job.done;
    expect(job.error).toBe(bug);
  });
});
