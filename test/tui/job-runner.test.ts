// The workbench draws before its runtime (the sandbox) is ready: a job asked for meanwhile waits, then starts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createJobRunner } from '../../src/tui/services/job-runner.js';
import { createWorkbenchStore } from '../../src/tui/store/store.js';
import { ROOT } from '../helpers/project.js';
import { OPTIONS } from './harness.js';
import { waitAction } from './test-actions.js';

function setUp() {
  const store = createWorkbenchStore(loadConfig(join(ROOT, 'nodes.json')));
  const runner = createJobRunner({ store, options: undefined, requested: OPTIONS, findAction: () => undefined, history: false });
  return { store, runner };
}

describe('job runner before the runtime is ready', () => {
  it('holds a job asked for, says so, and starts it with the runtime options once they come', async () => {
    const { store, runner } = setUp();
    try {
      expect(runner.run(waitAction, ['12_04-bee'], {})).toBeUndefined();
      expect(store.getState().jobs.list).toHaveLength(0);
      expect(store.getState().message?.text).toContain('test:wait starts once the workbench has started');
      runner.setOptions(OPTIONS);
      const [job] = store.getState().jobs.list;
      expect(job?.action.name).toBe('test:wait');
      expect(job?.state).toBe('running');
      runner.cancelAll('done');
      expect(await job?.done).toBe('cancelled');
    } finally {
      runner.stop();
    }
  });

  it('drops the held jobs when everything is cancelled (quitting while it starts)', () => {
    const { store, runner } = setUp();
    try {
      runner.run(waitAction, ['12_04-bee'], {});
      runner.cancelAll('workbench closed');
      runner.setOptions(OPTIONS);
      expect(store.getState().jobs.list).toHaveLength(0);
    } finally {
      runner.stop();
    }
  });

  it('refuses a background job before the runtime is ready (a bug, not a wait)', () => {
    const { runner } = setUp();
    try {
      expect(() => runner.runInternal(waitAction, [], {})).toThrow(/before the runtime was ready/);
    } finally {
      runner.stop();
    }
  });
});
