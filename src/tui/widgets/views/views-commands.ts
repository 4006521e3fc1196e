// The commands of issue 15's views: open and leave the group and dependency views, move in them, choose a drift fix.
import type { CommandContext, CommandHandler } from '../../command-context.js';
import { depsLines } from '../../content/deps-lines.js';
import { driftLines, paletteTextOf } from '../../content/drift-lines.js';
import { groupLines } from '../../content/group-lines.js';
import type { CommandId } from '../../keys/bindings.js';
import type { WorkbenchState } from '../../store/store.js';
import { focusedGroup, targetGroups } from '../group-list/group-list-reducer.js';

export type Move = 'up' | 'down' | 'page-up' | 'page-down' | 'top' | 'bottom';

/** Drift items a page move skips. */
const DRIFT_PAGE = 3;

const clampedMove = (current: number, move: Move, page: number, max: number) => {
  const target = { up: current - 1, down: current + 1, 'page-up': current - page, 'page-down': current + page, top: 0, bottom: max }[move];
  return Math.max(0, Math.min(target, max));
};

/** Whether the drift view of the detail pane is what the cursor keys move in now. */
const inDriftView = (s: WorkbenchState) => s.view === 'main' && s.focus === 'detail' && !s.jobs.maximised && s.detail.view === 'drift';

/** Moves in the group view, the dependency view or the drift view; false when none of them has the keys. */
export function moveInViews(ctx: CommandContext, move: Move): boolean {
  const state = ctx.store.getState();
  const { actions } = state;
  // Content rows of a full-width view: the body minus borders and title.
  const rows = Math.max(1, ctx.layout.bodyRows - 3);
  if (state.view === 'group' && state.groupView) {
    const view = state.groupView;
    const drift = state.drift.groups[view.name];
    const count = groupLines({ view, registry: state.registry.entries.values(), drift, now: Date.now(), width: ctx.layout.fullInner }).length;
    actions.scrollGroup(clampedMove(Math.min(view.scroll, Math.max(0, count - rows)), move, rows, Math.max(0, count - rows)));
    return true;
  }
  if (state.view === 'deps') {
    const registry = state.registry.state === 'live' ? state.registry.entries.values() : undefined;
    const count = depsLines({ config: state.config, registry, status: state.status.groups }).length;
    actions.scrollDeps(clampedMove(Math.min(state.depsScroll, Math.max(0, count - rows)), move, rows, Math.max(0, count - rows)));
    return true;
  }
  if (inDriftView(state)) {
    const { items } = driftLines(state.drift, focusedGroup(state.list));
    const max = Math.max(0, items.length - 1);
    actions.moveDriftCursor(clampedMove(Math.min(state.driftCursor, max), move, DRIFT_PAGE, max));
    return true;
  }
  return false;
}

/** Enter in the drift view: an action fix goes into the palette, ready to run; a config fix is said. */
function chooseDriftFix(ctx: CommandContext): void {
  const state = ctx.store.getState();
  const { actions } = state;
  if (!inDriftView(state)) {
    actions.say('enter chooses a drift fix: press d until the detail pane shows drift', 'warn');
    return;
  }
  const { items } = driftLines(state.drift, focusedGroup(state.list));
  const item = items[Math.min(state.driftCursor, items.length - 1)];
  if (!item) {
    actions.say('no drift item to fix here');
    return;
  }
  const text = paletteTextOf(item.fix);
  if (text === undefined) {
    actions.say(`no command fixes this, by hand: ${item.fix.kind === 'config' ? item.fix.hint : ''}`);
    return;
  }
  actions.openPalette(`${text} `);
}

function openGroupView(ctx: CommandContext): void {
  const { list, actions } = ctx.store.getState();
  const name = focusedGroup(list);
  if (name === undefined) actions.say('no group to open', 'warn');
  else actions.openGroup(name);
}

/** What the palette runs on: the open group view's group, else the selection (or the focused group). */
export function paletteTargets(state: WorkbenchState): string[] {
  if (state.view === 'group' && state.groupView) return [state.groupView.name];
  return targetGroups(state.list);
}

/** The views' rows of the dispatch table (commands.ts). */
export const VIEWS_COMMANDS = {
  'groups.open': openGroupView,
  'group.close': (ctx) => ctx.store.getState().actions.closeView(),
  'app.deps': (ctx) => ctx.store.getState().actions.toggleDeps(),
  'deps.close': (ctx) => ctx.store.getState().actions.closeView(),
  'drift.choose': chooseDriftFix,
} as const satisfies Partial<Record<CommandId, CommandHandler>>;
