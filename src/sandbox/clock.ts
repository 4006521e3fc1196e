// The sandbox's time model: every delay (seconds at speed 1) scaled by HANGAR_SANDBOX_SPEED.

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

/** HANGAR_SANDBOX_SPEED as a factor (0.01 = a hundred times faster); 1 when unset or invalid. */
export function speedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HANGAR_SANDBOX_SPEED;
  if (raw === undefined || raw.trim() === '') return 1;
  const speed = Number(raw);
  return Number.isFinite(speed) && speed >= 0 ? speed : 1;
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
