// The agent's light line runner: lines of both streams, exit codes, a missing program, cancel with SIGTERM then SIGKILL.
import { describe, expect, it } from 'vitest';
import { runLines } from '../../src/process/run-lines.js';

const node = (script: string) => ({ file: process.execPath, args: ['-e', script] });

describe('runLines', () => {
  it('passes each line of stdout and stderr on, and the exit code', async () => {
    const lines: string[] = [];
    const result = await runLines(node("console.log('one'); console.error('two'); process.stdout.write('three'); process.exit(3)"), {
      onLine: (line) => lines.push(line),
    });
    expect(result).toMatchObject({ exitCode: 3, cancelled: false, shortMessage: undefined });
    expect(lines.sort()).toEqual(['one', 'three', 'two']);
  });

  it('a program that is not there: no exit code, said in one line, never thrown', async () => {
    const result = await runLines({ file: 'hangar-no-such-program', args: [] });
    expect(result).toMatchObject({ exitCode: undefined, cancelled: false, shortMessage: 'hangar-no-such-program: command not found' });
  });

  it('cancel: SIGTERM, then SIGKILL after the grace for a process that ignores it', async () => {
    const abort = new AbortController();
    const lines: string[] = [];
    const running = runLines(node("process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)"), {
      signal: abort.signal,
      graceMs: 300,
      onLine: (line) => {
        lines.push(line);
        if (line === 'up') abort.abort();
      },
    });
    const result = await running;
    expect(result).toMatchObject({ exitCode: undefined, signal: 'SIGKILL', cancelled: true });
    expect(lines).toEqual(['up', 'ignored']);
  });
});
