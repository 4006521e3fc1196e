// The sandbox's time model: every delay (seconds at speed 1) scaled by a delay factor (HANGAR_SANDBOX_SPEED=N: N times faster).
import { usageError } from '../errors.js';
import { SPEED_RANGE } from './validate.js';

/** Seconds each lifecycle step takes at speed 1 (a person watching the TUI sees it move). */
export const DELAYS = {
  /** pending -> running (RunInstances, StartInstances). */
  launch: 5,
  /** stopping -> stopped. */
  stop: 3,
  /** shutting-down -> terminated. */
  terminate: 3,
  /** CreateImage / RegisterImage: pending -> available. */
  image: 5,
  /** A snapshot: pending -> completed. */
  snapshot: 2,
  /** An ASG instance turns InService this long after it runs. */
  asgJoin: 2,
  /** An ASG whose launch failed tries again this long after (AWS backs off too). */
  launchRetry: 10,
} as const;

export type DelayName = keyof typeof DELAYS;

/**
 * A terminated instance stays visible this long (real ms, never scaled: AWS keeps them about
 * an hour, and clients such as packer poll for `terminated` every 15 s whatever the speed).
 */
export const TERMINATED_RETENTION_MS = 10 * 60 * 1000;

/** The env variable that makes the sandbox N times faster (10) or slower (0.5). */
export const SPEED_VARIABLE = 'HANGAR_SANDBOX_SPEED';

/** HANGAR_SANDBOX_SPEED's accepted range: its inverse is the delay factor, bounded like the `speed` setting (SPEED_RANGE). */
export const SPEED_ENV_RANGE = { min: 1 / SPEED_RANGE.max, max: 1 / SPEED_RANGE.min } as const;

/**
 * The delay factor from HANGAR_SANDBOX_SPEED: N means N times faster (10 -> delays x0.1, 0.5 -> x2); 1 when unset.
 * Anything but a number from 0.01 to 10000 is a usage error naming the variable (never silently ignored).
 */
export function speedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[SPEED_VARIABLE];
  if (raw === undefined || raw.trim() === '') return 1;
  const times = Number(raw);
  if (!Number.isFinite(times) || times < SPEED_ENV_RANGE.min || times > SPEED_ENV_RANGE.max) {
    throw usageError(
      'sandbox.speed',
      `${SPEED_VARIABLE} must be a number from ${SPEED_ENV_RANGE.min} to ${SPEED_ENV_RANGE.max} (how many times faster the sandbox runs: 10 = ten times faster, 0.5 = half speed), got ${JSON.stringify(raw)}`,
      { hint: `unset it for real-time delays, or e.g. ${SPEED_VARIABLE}=100` },
    );
  }
  return 1 / times;
}

/** A clock for one request: `now`, and delays in ms at the configured speed. */
export interface Clock {
  now: number;
  speed: number;
  delay(name: DelayName): number;
  /** `seconds` (e.g. a health check grace period) scaled to ms. */
  scaled(seconds: number): number;
}

export function createClock(speed: number, now = Date.now()): Clock {
  return {
    now,
    speed,
    delay: (name) => DELAYS[name] * 1000 * speed,
    scaled: (seconds) => seconds * 1000 * speed,
  };
}
