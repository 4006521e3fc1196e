// HANGAR_SANDBOX_SPEED=N makes the sandbox N times faster; anything else is a usage error naming the variable.
import { afterAll, describe, expect, it } from 'vitest';
import { createClock, speedFromEnv } from '../../src/sandbox/clock.js';
import { hangar, tempProject } from '../helpers/project.js';

describe('HANGAR_SANDBOX_SPEED', () => {
  it('is how many times faster: 10 divides every delay by ten, 0.5 doubles it, unset is real time', () => {
    expect(createClock(speedFromEnv({ HANGAR_SANDBOX_SPEED: '10' })).delay('launch')).toBeCloseTo(500);
    expect(createClock(speedFromEnv({ HANGAR_SANDBOX_SPEED: '0.5' })).delay('launch')).toBeCloseTo(10_000);
    expect(createClock(speedFromEnv({})).delay('launch')).toBe(5000);
    expect(speedFromEnv({ HANGAR_SANDBOX_SPEED: ' ' })).toBe(1);
  });

  it.each(['0', '-2', 'fast', 'Infinity', '1e9', '0.001'])('refuses %j with a usage error that names the variable', (raw) => {
    expect(() => speedFromEnv({ HANGAR_SANDBOX_SPEED: raw })).toThrow(
      expect.objectContaining({ code: 'sandbox.speed', exitCode: 2, message: expect.stringContaining('HANGAR_SANDBOX_SPEED') }),
    );
  });

  describe('from the CLI', () => {
    const project = tempProject();
    afterAll(() => project.cleanup());

    it('exits 2 before starting the sandbox and says which variable and what it means', async () => {
      const result = await hangar(project.dir, ['sandbox:reset', '--sandbox'], { HANGAR_SANDBOX_SPEED: '0', AWS_EC2_METADATA_DISABLED: 'true' });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('error: HANGAR_SANDBOX_SPEED must be a number from 0.01 to 10000');
      expect(result.stderr).toContain('10 = ten times faster');
      expect(result.stdout).not.toContain('SANDBOX reset');
    });
  });
});
