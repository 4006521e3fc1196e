// The palette's commands: completion, choosing a suggestion, closing, and running the typed line.
import { messageOf } from '../../../errors.js';
import type { CommandContext, CommandHandler } from '../../command-context.js';
import type { CommandId } from '../../keys/bindings.js';
import { confirmationHead } from '../../../actions/confirmation.js';
import { destinationOf } from '../../../runtime.js';
import { type CommandPlan, planCommand } from '../../services/plan-command.js';
import { type EditKind, type PaletteState, recalling, suggest } from './palette-reducer.js';
import { paletteTargets } from '../views/views-commands.js';

/** Plans the typed line; runs it, or asks first when it is destructive; errors stay in the open palette. */
function runLine(ctx: CommandContext, text: string): void {
  const { store, runner, findAction } = ctx;
  const { actions, config } = store.getState();
  try {
    const plan = planCommand(text, { config, findAction, targets: paletteTargets(store.getState()) });
    const start = () => {
      actions.closeModal();
      const problem = ctx.paletteHistory.add(text.replace(/^\s*:/, ''));
      // Undefined while the workbench still starts: the runner says the job waits, and starts it after.
      if (runner.run(plan.action, plan.groups, plan.flags)) actions.say(`started #${store.getState().jobs.list.length} ${plan.label}`);
      if (problem) actions.say(problem, 'warn');
    };
    if (plan.confirm) askFirst(ctx, plan, start);
    else start();
  } catch (error) {
    // An invalid line does not start: it says why (the palette shows an example in palette syntax under it).
    actions.say(messageOf(error), 'error');
  }
}

/**
 * Asks before a destructive command, showing the whole command, where it goes (SANDBOX or AWS) and, once worked out,
 * what it would do (the action's preview, from a dry run that changes nothing).
 */
function askFirst(ctx: CommandContext, plan: CommandPlan, start: () => void): void {
  const { store, runner } = ctx;
  const destination = destinationOf(runner.options);
  const head = confirmationHead({ action: plan.action, groups: plan.groups, flags: plan.flags, destination, allGroups: plan.allGroups });
  const question = [...head.slice(0, -1), `${head.at(-1)} Run it?`].join('\n');
  if (!plan.action.preview) {
    store.getState().actions.confirm(question, start);
    return;
  }
  // The preview's AWS calls stop once the question is answered.
  const controller = new AbortController();
  const onYes = () => {
    controller.abort();
    start();
  };
  store.getState().actions.confirm(question, onYes, { preview: { state: 'loading' } });
  void runner.preview(plan.action, plan.groups, plan.flags, controller.signal).then((lines) => {
    store.getState().actions.setConfirmPlan(onYes, { preview: lines ? { state: 'done', lines } : { state: 'none' } });
  });
}

/** A palette command: does nothing unless the palette is open. */
const inPalette =
  (run: (ctx: CommandContext, palette: PaletteState) => void): CommandHandler =>
  (ctx) => {
    const { modal } = ctx.store.getState();
    if (modal?.kind === 'palette') run(ctx, modal.palette);
  };

/** A line edit of the palette (ctrl-a/e/u/k/w, ←/→). */
const editCommand = (kind: EditKind): CommandHandler => inPalette((ctx) => ctx.store.getState().actions.palette({ type: 'edit', kind }));

const suggestionsOf = (ctx: CommandContext, palette: PaletteState) => suggest(palette.text, ctx.paletteEntries, ctx.store.getState().list.names);

/** The palette's rows of the dispatch table (commands.ts). */
export const PALETTE_COMMANDS = {
  'palette.run': inPalette((ctx, palette) => runLine(ctx, palette.text)),
  'palette.close': inPalette((ctx) => ctx.store.getState().actions.closeModal()),
  // ↑/↓ walk the history while the line is empty or still the recalled command; otherwise the suggestions.
  'palette.next': inPalette((ctx, palette) =>
    ctx.store
      .getState()
      .actions.palette(
        palette.recall && recalling(palette)
          ? { type: 'recall', history: ctx.paletteHistory.lines(), by: -1 }
          : { type: 'next', count: suggestionsOf(ctx, palette).length },
      ),
  ),
  'palette.prev': inPalette((ctx, palette) =>
    ctx.store
      .getState()
      .actions.palette(
        recalling(palette) && ctx.paletteHistory.lines().length > 0
          ? { type: 'recall', history: ctx.paletteHistory.lines(), by: 1 }
          : { type: 'prev', count: suggestionsOf(ctx, palette).length },
      ),
  ),
  'palette.left': editCommand('left'),
  'palette.right': editCommand('right'),
  'palette.line-start': editCommand('start'),
  'palette.line-end': editCommand('end'),
  'palette.kill-start': editCommand('kill-start'),
  'palette.kill-end': editCommand('kill-end'),
  'palette.kill-word': editCommand('kill-word'),
  'palette.complete': inPalette((ctx, palette) => ctx.store.getState().actions.palette({ type: 'complete', suggestions: suggestionsOf(ctx, palette) })),
} as const satisfies Partial<Record<CommandId, CommandHandler>>;

/** Typed text and backspace in the palette. */
export function typeInPalette(ctx: CommandContext, key: string, text: string): void {
  const { actions } = ctx.store.getState();
  if (key === 'backspace') actions.palette({ type: 'erase' });
  else actions.palette({ type: 'type', text });
}
