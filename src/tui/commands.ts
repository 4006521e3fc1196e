// What each keymap command does to the store (and the job runner): the one place keys become behaviour.
import { describeLeftover } from '../jobs/leftover.js';
import { CLOSED_REASON } from './services/quit-report.js';
import { loadConfig } from '../config/index.js';
import { messageOf } from '../errors.js';
import { helpLines } from './content/help-lines.js';
import { serviceLines } from './content/service-lines.js';
import { VIEWS_COMMANDS, moveInViews } from './widgets/views/views-commands.js';
import type { CommandContext, CommandHandler } from './command-context.js';
import type { CommandId } from './keys/bindings.js';
import { GROUP_LIST_COMMANDS, typeInFilter } from './widgets/group-list/group-list-commands.js';
import { PALETTE_COMMANDS, typeInPalette } from './widgets/palette/palette-commands.js';
import { MESSAGE_LOG_COMMANDS } from './widgets/message-log/message-log-commands.js';
import { messageLogLines } from './widgets/message-log/message-log-lines.js';
import { READER_COMMANDS, clearSearch, typeInSearch } from './widgets/reader/reader-commands.js';
import { detailRowsOf } from './widgets/reader/reader-content.js';

type Move = 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom';

/** The new position of a cursor or scroll offset in [0, max] after a move of one line or one page. */
function moved(current: number, move: Move, page: number, max: number): number {
  const target = { up: current - 1, down: current + 1, 'page-up': current - page, 'page-down': current + page, top: 0, bottom: max }[move];
  return Math.max(0, Math.min(target, max));
}

function moveCursor(ctx: CommandContext, move: Move): void {
  const { store, layout } = ctx;
  const state = store.getState();
  const { actions } = state;
  if (state.overlay?.kind === 'messages') {
    const count = messageLogLines(state.messages, layout.fullInner).length;
    actions.scrollMessages(moved(state.messagesScroll, move, layout.helpRows, Math.max(0, count - layout.helpRows)));
    return;
  }
  if (state.modal?.kind !== 'help' && moveInViews(ctx, move)) return;
  if (state.modal?.kind === 'help') {
    actions.scrollHelp(moved(state.helpScroll, move, layout.helpRows, Math.max(0, helpLines().length - layout.helpRows)));
  } else if (state.view === 'services') {
    const count = serviceLines(state.registry, Date.now()).length;
    actions.scrollServices(moved(state.servicesScroll, move, layout.serviceRows, Math.max(0, count - layout.serviceRows)));
  } else if (state.jobs.maximised) {
    scrollLog(ctx, move);
  } else if (state.focus === 'groups') {
    const { cursor, visible } = state.list;
    actions.list({ type: 'moveTo', index: moved(cursor, move, layout.groupRows, Math.max(0, visible.length - 1)) });
  } else if (state.focus === 'detail') {
    const lines = detailRowsOf(state, layout);
    actions.scrollDetail(moved(state.detail.scroll, move, layout.detailRows, Math.max(0, lines.length - layout.detailRows)));
  } else {
    const { jobs } = state;
    // This run's jobs, then the earlier runs from the history.
    const cursor = moved(jobs.cursor, move, layout.jobRows, Math.max(0, jobs.list.length + jobs.earlier.length - 1));
    if (cursor !== jobs.cursor) actions.updateJobs({ cursor, follow: true });
  }
}

function scrollLog(ctx: CommandContext, move: Move): void {
  const { store, layout } = ctx;
  const { jobs, actions } = store.getState();
  const job = jobs.list[jobs.cursor];
  if (!job) return;
  const rows = layout.maxLogRows;
  const dropped = job.events.total - job.events.length;
  const last = Math.max(dropped, job.events.total - rows);
  const from = jobs.follow ? last : jobs.top;
  const top = dropped + moved(from - dropped, move, rows, last - dropped);
  actions.updateJobs({ top, follow: top >= last && (move === 'down' || move === 'page-down' || move === 'bottom') });
}

function reloadConfig(ctx: CommandContext): void {
  const { config, actions } = ctx.store.getState();
  try {
    const next = loadConfig(config.file);
    actions.setConfig(next);
    const warnings = next.warnings.length ? ` (${next.warnings.length} warning${next.warnings.length === 1 ? '' : 's'}: ${next.warnings[0]})` : '';
    actions.say(`reloaded ${config.file}: ${next.groups.size} groups${warnings}`, warnings ? 'warn' : 'info');
  } catch (error) {
    // Kept whole: the status line shows its start, the message log (m) all of it.
    actions.say(`kept the loaded nodes.json: ${messageOf(error)}`, 'error', { sticky: true });
  }
}

function quit(ctx: CommandContext): void {
  const { store, runner } = ctx;
  const { jobs, actions } = store.getState();
  const runningJobs = jobs.list.filter((job) => job.state === 'running');
  const running = runningJobs.length;
  if (running === 0) {
    actions.quit();
    return;
  }
  // Says what a cancel now would leave half-done, so quitting is never silent about it.
  const leftover = runningJobs.flatMap((job) =>
    describeLeftover({ action: job.action, groups: job.groups, events: job.events.tail(500), targetWords: job.targetWords }),
  );
  const question = `${running} job${running === 1 ? ' is' : 's are'} running. Cancel ${running === 1 ? 'it' : 'them'} and quit?`;
  actions.confirm([question, ...leftover.map((line) => `- ${line}`)].join('\n'), () => {
    actions.closeModal();
    // Quit time first: every line the cancel makes comes after it and is printed on the terminal after exit.
    actions.quit();
    runner.cancelAll(CLOSED_REASON);
  });
}

function cancelFocusedJob(ctx: CommandContext): void {
  const { jobs, actions } = ctx.store.getState();
  const job = jobs.list[jobs.cursor];
  if (job?.state !== 'running') {
    actions.say('no running job is focused (q quits)', 'warn');
    return;
  }
  job.cancel('cancelled by user');
  actions.say(`cancelling #${jobs.cursor + 1} ${job.label}`, 'warn');
}

function toggleFollow(ctx: CommandContext): void {
  const { store, layout } = ctx;
  const { jobs, actions } = store.getState();
  const job = jobs.list[jobs.cursor];
  const rows = jobs.maximised ? layout.maxLogRows : layout.logRows;
  const top = job ? Math.max(job.events.total - job.events.length, job.events.total - rows) : 0;
  actions.updateJobs({ follow: !jobs.follow, top });
}

function cyclePane(ctx: CommandContext, by: 1 | -1): void {
  const { actions } = ctx.store.getState();
  actions.updateJobs({ maximised: false });
  actions.cyclePane(by);
}

function answerYes(ctx: CommandContext): void {
  const { modal, actions } = ctx.store.getState();
  if (modal?.kind !== 'confirm') return;
  actions.closeModal();
  modal.onYes();
}

function answerNo(ctx: CommandContext): void {
  const { actions } = ctx.store.getState();
  actions.closeModal();
  actions.say('nothing done');
}

/** A command that calls one store action. */
const storeAction =
  (run: (state: ReturnType<CommandContext['store']['getState']>) => void): CommandHandler =>
  (ctx) => {
    run(ctx.store.getState());
  };

const cursor =
  (move: Move): CommandHandler =>
  (ctx) => {
    moveCursor(ctx, move);
  };

/** The dispatch table: one handler per command id of the bindings table, checked by the compiler both ways. */
const COMMANDS: Readonly<Record<CommandId, CommandHandler>> = {
  ...VIEWS_COMMANDS,
  ...GROUP_LIST_COMMANDS,
  ...PALETTE_COMMANDS,
  ...MESSAGE_LOG_COMMANDS,
  ...READER_COMMANDS,
  'cursor.up': cursor('up'),
  'cursor.down': cursor('down'),
  'cursor.page-up': cursor('page-up'),
  'cursor.page-down': cursor('page-down'),
  'cursor.top': cursor('top'),
  'cursor.bottom': cursor('bottom'),
  'app.quit': quit,
  'app.reload': reloadConfig,
  'app.help': storeAction(({ actions }) => actions.openHelp()),
  'app.palette': storeAction(({ actions }) => actions.openPalette()),
  'app.next-pane': (ctx) => cyclePane(ctx, 1),
  'app.prev-pane': (ctx) => cyclePane(ctx, -1),
  'app.services': storeAction(({ actions }) => actions.toggleServices()),
  'services.close': storeAction(({ actions }) => actions.toggleServices()),
  'detail.cycle': storeAction(({ actions }) => actions.cycleDetail()),
  'job.cancel': cancelFocusedJob,
  'jobs.maximise': storeAction(({ actions, jobs }) => actions.updateJobs({ maximised: !jobs.maximised })),
  'log.restore': (ctx) => {
    if (!clearSearch(ctx)) ctx.store.getState().actions.updateJobs({ maximised: false });
  },
  'jobs.follow': toggleFollow,
  'confirm.yes': answerYes,
  'confirm.no': answerNo,
  'help.close': storeAction(({ actions }) => actions.closeModal()),
};

export function runCommand(command: CommandId, ctx: CommandContext): void {
  COMMANDS[command](ctx);
}

/** Text typed into the palette or the filter line (keys no binding of the modal claims). */
export function typeText(ctx: CommandContext, key: string, text: string): void {
  const state = ctx.store.getState();
  const palette = state.modal?.kind === 'palette';
  const search = !state.modal && state.overlay?.kind === 'search';
  const filter = !state.modal && !state.overlay && state.list.filtering;
  if (!palette && !filter && !search) return;
  // Only printable text: control keys the modal does not bind are ignored.
  if (key !== 'backspace' && (!text || /[\x00-\x1f\x7f]/.test(text) || key.startsWith('ctrl-'))) return;
  if (palette) typeInPalette(ctx, key, text);
  else if (search) typeInSearch(ctx, key, text);
  else typeInFilter(ctx, key, text);
}
