// Test-only actions for the reader, the message log and the progress views (the real catalog never sees them).
import { defineAction } from '../../src/actions/types.js';
import { HangarError } from '../../src/errors.js';

/** The tail of the one long line `test:chatty` writes: visible only when wrapped or scrolled sideways. */
export const LONG_TAIL = 'END-OF-THE-LONG-LINE';
export const LONG_LINE = `a long line: ${'0123456789'.repeat(20)} ${LONG_TAIL}`;
/** Lines of `test:chatty` that hold the word `needle`. */
export const NEEDLES = [3, 40, 70];

/** Writes 80 numbered lines (three with `needle`, one 220 columns long), then ends. */
export const chattyAction = defineAction({
  name: 'test:chatty',
  summary: 'writes a log worth reading',
  groups: 'none',
  flags: {},
  async run(ctx) {
    for (let i = 1; i <= 80; i++) ctx.emit.log(NEEDLES.includes(i) ? `line ${i}: needle-at-${i}` : i === 10 ? LONG_LINE : `line ${i}`);
  },
});

/** The end of `test:fail`'s error, far past any status line. */
export const FAIL_TAIL = 'THE-END-OF-THE-FAILURE';

/** Fails with a long error and a hint. */
export const failAction = defineAction({
  name: 'test:fail',
  summary: 'fails with a long error',
  groups: 'none',
  flags: {},
  async run() {
    throw new HangarError('test.fail', `it went wrong: ${'because of this and that, '.repeat(8)}${FAIL_TAIL}`, { hint: 'try again later' });
  },
});

/** Per group: progress; the first group ends, the others start a 30 s timed wait and then wait until cancelled. */
export const rolloutAction = defineAction({
  name: 'test:rollout',
  summary: 'a multi-group rollout that waits',
  groups: 'required',
  flags: {},
  async run(ctx, groups) {
    for (const [n, group] of groups.entries()) {
      ctx.emit.step(`update ${group}`, { group });
      ctx.emit.progress(n === 0 ? 3 : 1, 3, 'healthy', { group });
      if (n === 0) {
        ctx.emit.result({ group }, `${group} updated`, { group });
        continue;
      }
      ctx.emit.wait(`${group} drain`, 30, { group });
      await new Promise<void>((_, reject) => {
        const stop = () => reject(new HangarError('job.cancelled', 'stopped'));
        if (ctx.signal.aborted) stop();
        ctx.signal.addEventListener('abort', stop, { once: true });
      });
    }
  },
});
