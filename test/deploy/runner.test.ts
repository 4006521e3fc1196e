// The one runner, on local processes: stdout and stderr lines as they come, exit codes, time limit, a missing program.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/deploy/runner.js';

const node = (script: string) => ({ file: process.execPath, args: ['-e', script], env: { HANGAR_RUNNER_TEST: 'yes' } });

describe('runCommand', () => {
  it('streams stdout and stderr lines and returns the exit code; the command env is added to the inherited one', async () => {
    const lines: string[] = [];
    const outcome = await runCommand(
      node('console.log("one\\ntwo"); console.error("three " + process.env.HANGAR_RUNNER_TEST + " " + Boolean(process.env.PATH)); process.exit(4)'),
      { onLine: (l) => lines.push(l) },
    );
    expect(lines).toEqual(expect.arrayContaining(['one', 'two', 'three yes true']));
    expect(outcome).toMatchObject({ status: 'failed', exitCode: 4, reason: 'three yes true' });
  });

  it('gives the first line before the process ends (live, not buffered)', async () => {
    let firstAt = 0;
    const started = Date.now();
    const outcome = await runCommand(node('console.log("early"); setTimeout(() => console.log("late"), 600)'), {
      onLine: (l) => {
        if (l === 'early') firstAt = Date.now();
      },
    });
    expect(outcome.status).toBe('ok');
    expect(firstAt - started).toBeLessThan(outcome.durationMs - 300);
  });

  it('kills a process that runs past the time limit', async () => {
    const outcome = await runCommand(node('setTimeout(() => {}, 20000)'), { timeoutMs: 300, onLine: () => {} });
    expect(outcome.status).toBe('timeout');
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it('says when the program does not exist', async () => {
    const outcome = await runCommand({ file: 'hangar-no-such-ssh', args: [], env: {} }, { onLine: () => {} });
    expect(outcome).toMatchObject({ status: 'error', reason: 'hangar-no-such-ssh not found on PATH' });
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const outcome = await runCommand(node('console.log("x")'), { signal: controller.signal, onLine: () => expect.unreachable() });
    expect(outcome.status).toBe('cancelled');
  });
});
