// The palette's commands: completion, choosing a suggestion, closing, and running the typed line.
import { messageOf } from '../../../errors.js';
import type { CommandContext, CommandHandler } from '../../command-context.js';
import type { CommandId } from '../../keys/bindings.js';
import { planCommand } from '../../services/plan-command.js';
import { paletteTargets } from '../views/views-commands.js';
import { type PaletteState, suggest } from './palette-reducer.js';

/** Plans the typed line; runs it, or asks first when it is destructive; errors stay in the open palette. */
function runLine(ctx: CommandContext, text: string): void {
  const { store, runner, findAction } = ctx;
  const { actions, config } = store.getState();
  try {
    const plan = planCommand(text, { config, findAction, targets: paletteTargets(store.getState()) });
    const start = () => {
      actions.closeModal();
      // Undefined while the workbench still starts: the runner says the job waits, and starts it after.
      if (runner.run(plan.action, plan.groups, plan.flags)) actions.say(`started #${store.getState().jobs.list.length} ${plan.label}`);
    };
    if (plan.confirm) actions.confirm(`${plan.label} is destructive. Run it?`, start);
    else start();
  } catch (error) {
    actions.say(messageOf(error), 'error');
  }
}

/** A palette command: does nothing unless the palette is open. */
const inPalette =
  (run: (ctx: CommandContext, palette: PaletteState) => void): CommandHandler =>
  (ctx) => {
    const { modal } = ctx.store.getState();
    if (modal?.kind === 'palette') run(ctx, modal.palette);
  };

const suggestionsOf = (ctx: CommandContext, palette: PaletteState) => suggest(palette.text, ctx.paletteEntries, ctx.store.getState().list.names);

/** The palette's rows of the dispatch table (commands.ts). */
export const PALETTE_COMMANDS = {
  'palette.run': inPalette((ctx, palette) => runLine(ctx, palette.text)),
  'palette.close': inPalette((ctx) => ctx.store.getState().actions.closeModal()),
  'palette.next': inPalette((ctx, palette) => ctx.store.getState().actions.palette({ type: 'next', count: suggestionsOf(ctx, palette).length })),
  'palette.prev': inPalette((ctx, palette) => ctx.store.getState().actions.palette({ type: 'prev', count: suggestionsOf(ctx, palette).length })),
  'palette.complete': inPalette((ctx, palette) => ctx.store.getState().actions.palette({ type: 'complete', suggestions: suggestionsOf(ctx, palette) })),
} as const satisfies Partial<Record<CommandId, CommandHandler>>;

/** Typed text and backspace in the palette. */
export function typeInPalette(ctx: CommandContext, key: string, text: string): void {
  const { actions } = ctx.store.getState();
  if (key === 'backspace') actions.palette({ type: 'erase' });
  else actions.palette({ type: 'type', text });
}
