// Test-only actions injected into the workbench's catalog (the real catalog never sees them).
import type { FleetStatus } from '../../src/fleet/status.js';
import { defineAction } from '../../src/actions/types.js';
import { HangarError } from '../../src/errors.js';

/** Runs until cancelled: logs once, then waits on its AbortSignal. */
export const waitAction = defineAction({
  name: 'test:wait',
  summary: 'waits until cancelled',
  groups: 'all-by-default',
  flags: {},
  async run(ctx, groups) {
    ctx.emit.log(`waiting on ${groups.join(' ')}`);
    await new Promise<void>((_, reject) => {
      const stop = () => reject(new HangarError('job.cancelled', 'stopped waiting: nothing was changed'));
      if (ctx.signal.aborted) stop();
      ctx.signal.addEventListener('abort', stop, { once: true });
    });
  },
});

/** Destructive: asks first. */
export const wipeAction = defineAction({
  name: 'test:wipe',
  summary: 'pretends to delete things',
  groups: 'required',
  destructive: true,
  flags: { keep: { type: 'number', short: 'n', description: 'keep N', default: 10 } },
  async run(ctx, groups, flags) {
    ctx.emit.log(`wiped ${groups.join(' ')} keeping ${flags.keep}`);
  },
});

/** fleet:status emitting the shape of the real action (src/fleet/status.ts, checked by the compiler), with fixed figures. */
export const fleetStatusAction = defineAction({
  name: 'fleet:status',
  summary: 'status',
  groups: 'all-by-default',
  flags: {},
  async run(ctx, groups) {
    const created = new Date(Date.now() - 3 * 3600_000).toISOString();
    const data: FleetStatus = Object.fromEntries(
      groups.map((g, i) => [
        g,
        {
          region: 'us-east-1',
          image: { id: `ami-${i}`, name: `${g}-1`, createdAt: created, age: '3h' },
          images: 1,
          asgs: [{ name: `${g}-20260101000000`, desired: 3 + i, min: 1, max: 9, healthy: 2, instances: 3 + i }],
          instances: { running: 7, pending: 0, stopped: 0, total: 7 },
        },
      ]),
    );
    ctx.emit.result({ groups: data });
  },
});

/** Writes `lines` log lines as fast as it can, in batches that yield to the event loop. */
export const floodAction = defineAction({
  name: 'test:flood',
  summary: 'floods its log',
  groups: 'none',
  flags: { lines: { type: 'number', description: 'how many', default: 10_000 } },
  async run(ctx, _groups, flags) {
    for (let i = 0; i < flags.lines; i++) {
      ctx.emit.log(`flood line ${i}`);
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
  },
});
