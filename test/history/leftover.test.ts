// What stopping a job now leaves, from the steps it reached: said in the quit confirmation and on the first ctrl-c.
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../src/jobs/events.js';
import { describeLeftover } from '../../src/jobs/leftover.js';

const at = 0;
const job = (name: string, groups: string[], events: JobEvent[]) => ({ action: { name }, groups, events });

describe('describeLeftover', () => {
  it('autoscale:update: rolled back before healthy; two ASGs and the resume command once retiring', () => {
    const launching: JobEvent[] = [{ at, type: 'step', group: 'web', name: 'wait until web-20261201160000 is healthy (2 instances, at most 600 s)' }];
    expect(describeLeftover(job('autoscale:update', ['web'], launching))).toEqual([
      'web: the new ASG is rolled back (deleted) before quitting; the old one stays as it was',
    ]);
    const retiring: JobEvent[] = [...launching, { at, type: 'step', group: 'web', name: 'retire web-20261130090000' }];
    expect(describeLeftover(job('autoscale:update', ['web'], retiring))).toEqual([
      'web: two ASGs will stay (the new one in service, web-20261130090000 not retired): run `hangar autoscale:update web --resume --yes`',
    ]);
    const done: JobEvent[] = [...retiring, { at, type: 'result', group: 'web', data: {} }];
    expect(describeLeftover(job('autoscale:update', ['web'], done))).toEqual([]);
  });

  it("every command it says carries the run's target flags, so a copy from a sandbox run does not act on AWS", () => {
    const retiring: JobEvent[] = [{ at, type: 'step', group: 'web', name: 'retire web-20261130090000' }];
    const sandbox = { ...job('autoscale:update', ['web'], retiring), targetWords: ['--sandbox'] };
    expect(describeLeftover(sandbox)).toEqual([
      'web: two ASGs will stay (the new one in service, web-20261130090000 not retired): run `hangar autoscale:update web --resume --yes --sandbox`',
    ]);
    const endpoint = { ...job('instance:create', ['web'], []), targetWords: ['--endpoint', 'http://127.0.0.1:4566'] };
    expect(describeLeftover(endpoint)).toEqual(['web: an instance already launched stays (see `hangar instance:list web --endpoint http://127.0.0.1:4566`)']);
    // Said on the terminal: a password in the endpoint URL is not.
    const secret = { ...job('instance:create', ['web'], []), targetWords: ['--endpoint', 'http://ops:s3cret@127.0.0.1:4566'] };
    expect(describeLeftover(secret)).toEqual([
      'web: an instance already launched stays (see `hangar instance:list web --endpoint http://ops:***@127.0.0.1:4566`)',
    ]);
  });

  it('packer:clean: nothing while it only lists; deregistered AMIs stay once it deletes', () => {
    const listing: JobEvent[] = [
      { at, type: 'log', level: 'info', group: 'web', message: '12 AMIs in us-east-1: keeping the newest 10, 0 more in use, 0 to deregister' },
    ];
    expect(describeLeftover(job('packer:clean', ['web'], listing))).toEqual([]);
    const deleting: JobEvent[] = [
      { at, type: 'log', level: 'info', group: 'web', message: '12 AMIs in us-east-1: keeping the newest 10, 0 more in use, 2 to deregister' },
    ];
    expect(describeLeftover(job('packer:clean', ['web'], deleting))).toEqual(['the AMIs deregistered so far stay deregistered; the others are kept']);
  });

  it('read-only or unknown actions leave nothing', () => {
    expect(describeLeftover(job('autoscale:status', ['web'], []))).toEqual([]);
  });
});
