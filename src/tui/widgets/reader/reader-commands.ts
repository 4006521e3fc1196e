// The reader's commands: wrap, sideways scroll, search (/ n N esc) in the log and the detail pane, and saving a log.
import { messageOf } from '../../../errors.js';
import type { CommandContext, CommandHandler } from '../../command-context.js';
import type { CommandId } from '../../keys/bindings.js';
import { saveJobLog } from '../../services/save-log.js';
import type { ReadTarget } from '../../store/types.js';
import { logRowsOf, logWidthOf, readTargetOf, readableTexts } from './reader-content.js';
import { HSCROLL_STEP, findMatches, matchNote, movedSideways, stepMatch } from './reader-reducer.js';

/** A reader command: does nothing unless the log or the detail pane is what the keys read. */
const reading =
  (run: (ctx: CommandContext, target: ReadTarget) => void): CommandHandler =>
  (ctx) => {
    const target = readTargetOf(ctx.store.getState());
    if (target) run(ctx, target);
  };

/** Scrolls the target so that position `at` (event index or detail row) shows, a third down the window. */
function reveal(ctx: CommandContext, target: ReadTarget, at: number): void {
  const state = ctx.store.getState();
  const { actions } = state;
  if (target === 'detail') {
    actions.scrollDetail(at - Math.floor(ctx.layout.detailRows / 3));
    return;
  }
  const job = state.jobs.list[state.jobs.cursor];
  if (!job) return;
  const dropped = job.events.total - job.events.length;
  actions.updateJobs({ follow: false, top: Math.max(dropped, at - Math.floor(logRowsOf(state, ctx.layout) / 3)) });
}

function sideways(ctx: CommandContext, target: ReadTarget, by: number): void {
  const state = ctx.store.getState();
  if (state.reading[target].wrap) {
    state.actions.say('lines are wrapped: w unwraps them to scroll sideways', 'warn');
    return;
  }
  const texts = readableTexts(state, ctx.layout, target, ctx.debug);
  const longest = texts.reduce((max, t) => Math.max(max, ...t.text.split('\n').map((l) => l.length)), 0);
  const width = target === 'detail' ? ctx.layout.rightInner : logWidthOf(state, ctx.layout);
  state.actions.setReading(target, { hscroll: movedSideways(state.reading[target].hscroll, by, longest, width) });
}

/** Runs the search typed in the search line: the newest match of a followed log, else the first one below the view. */
function applySearch(ctx: CommandContext): void {
  const state = ctx.store.getState();
  const { overlay, actions } = state;
  if (overlay?.kind !== 'search') return;
  actions.setOverlay(undefined);
  const query = overlay.text;
  if (!query) {
    actions.setSearch(undefined);
    return;
  }
  const found = findMatches(readableTexts(state, ctx.layout, overlay.target, ctx.debug), query);
  const from = overlay.target === 'detail' ? state.detail.scroll : state.jobs.follow ? undefined : state.jobs.top;
  const at = from === undefined ? stepMatch(found, undefined, -1) : (found.find((i) => i >= from) ?? stepMatch(found, from, 1));
  actions.setSearch({ target: overlay.target, query, at });
  if (at === undefined) {
    actions.say(`/${query}: no match`, 'warn');
    return;
  }
  reveal(ctx, overlay.target, at);
  actions.say(`/${query}: match ${matchNote(found, at)} (n next, N previous, esc clears)`);
}

function stepSearch(ctx: CommandContext, target: ReadTarget, by: 1 | -1): void {
  const state = ctx.store.getState();
  const { search, actions } = state;
  if (search?.target !== target) {
    actions.say('no search here: / searches', 'warn');
    return;
  }
  const found = findMatches(readableTexts(state, ctx.layout, target, ctx.debug), search.query);
  const at = stepMatch(found, search.at, by);
  actions.setSearch({ ...search, at });
  if (at === undefined) {
    actions.say(`/${search.query}: no match`, 'warn');
    return;
  }
  reveal(ctx, target, at);
  actions.say(`/${search.query}: match ${matchNote(found, at)}`);
}

function saveLog(ctx: CommandContext): void {
  const { jobs, config, actions } = ctx.store.getState();
  const job = jobs.list[jobs.cursor];
  if (!job) {
    actions.say('no job is focused: its log is what S saves', 'warn');
    return;
  }
  try {
    const saved = saveJobLog(config.dir, job, jobs.cursor + 1, ctx.debug);
    actions.say(`saved the log of #${jobs.cursor + 1} (${saved.lines} lines) to ${saved.path}`);
  } catch (error) {
    actions.say(`could not save the log of #${jobs.cursor + 1}: ${messageOf(error)}`, 'error');
  }
}

/** Clears the search; true when there was one to clear. */
export function clearSearch(ctx: CommandContext): boolean {
  const { search, actions } = ctx.store.getState();
  if (!search) return false;
  actions.setSearch(undefined);
  actions.say('search cleared');
  return true;
}

/** The reader's rows of the dispatch table (commands.ts). */
export const READER_COMMANDS = {
  'reader.wrap': reading((ctx, target) => {
    const { reading: modes, actions } = ctx.store.getState();
    actions.setReading(target, { wrap: !modes[target].wrap, hscroll: 0 });
  }),
  'reader.left': reading((ctx, target) => sideways(ctx, target, -HSCROLL_STEP)),
  'reader.right': reading((ctx, target) => sideways(ctx, target, HSCROLL_STEP)),
  'reader.search': reading((ctx, target) => ctx.store.getState().actions.setOverlay({ kind: 'search', target, text: '' })),
  'reader.next': reading((ctx, target) => stepSearch(ctx, target, 1)),
  'reader.prev': reading((ctx, target) => stepSearch(ctx, target, -1)),
  'reader.clear': (ctx) => {
    clearSearch(ctx);
  },
  'reader.save': saveLog,
  'search.apply': applySearch,
  'search.cancel': (ctx) => ctx.store.getState().actions.setOverlay(undefined),
} as const satisfies Partial<Record<CommandId, CommandHandler>>;

/** Typed text and backspace in the search line. */
export function typeInSearch(ctx: CommandContext, key: string, text: string): void {
  const { overlay, actions } = ctx.store.getState();
  if (overlay?.kind !== 'search') return;
  const next = key === 'backspace' ? [...overlay.text].slice(0, -1).join('') : overlay.text + text;
  actions.setOverlay({ ...overlay, text: next });
}
