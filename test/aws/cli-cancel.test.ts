// ctrl-c through the CLI (child process, --endpoint sandbox) while every AWS call is throttled: the command ends at once, saying so.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { type RunningSandbox, addSandboxFault, clearSandboxFaults, readSandboxState, startSandbox } from '../../src/sandbox/index.js';
import { waitUntil } from '../helpers/net.js';
import { CLI, tempProject } from '../helpers/project.js';

let project: ReturnType<typeof tempProject>;
let sandbox: RunningSandbox;

/** How many calls the throttling fault has answered so far. */
const throttled = () => 1000 - ((readSandboxState(sandbox.stateFile)?.faults[0] as { count?: number } | undefined)?.count ?? 1000);

beforeAll(async () => {
  project = tempProject();
  sandbox = await startSandbox({
    stateFile: join(project.dir, '.hangar', 'sandbox.json'),
    config: loadConfig(join(project.dir, 'nodes.json')),
    speed: 0.01,
    log: () => {},
  });
});
afterAll(async () => {
  await sandbox?.close();
  project?.cleanup();
});

describe('ctrl-c under throttling', () => {
  for (const args of [['instance:list'], ['packer:clean', '12_04-bee', '--yes']]) {
    it(`${args[0]}: SIGINT ends it within seconds (the retry budget is minutes) and says it was cancelled`, async () => {
      await clearSandboxFaults(sandbox.stateFile);
      await addSandboxFault(sandbox.stateFile, { kind: 'error', action: '*', code: 'RequestLimitExceeded', count: 1000 });
      const child = execa('node', [CLI, ...args, '--endpoint', sandbox.url], {
        cwd: project.dir,
        env: {
          NO_COLOR: '1',
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          // 30 attempts with throttling backoff (up to 20 s each): without the signal it would run for minutes.
          HANGAR_AWS_MAX_ATTEMPTS: '30',
        },
        reject: false,
        stdin: 'ignore',
      });
      try {
        await waitUntil(() => throttled() >= 3, 20_000, 'three throttled attempts');
        const sentAt = Date.now();
        child.kill('SIGINT');
        const result = await child;
        const took = Date.now() - sentAt;
        expect(took, result.stderr).toBeLessThan(1500);
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toContain('interrupted: stopping and cleaning up');
        expect(result.stderr).toMatch(/cancelled \(Describe[A-Za-z]+\)/);
        expect(result.stderr).not.toMatch(/kept throttling/);
        // Still in its retries when cancelled: far from the budget.
        expect(throttled()).toBeLessThan(20);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await clearSandboxFaults(sandbox.stateFile);
      }
    });
  }
});
