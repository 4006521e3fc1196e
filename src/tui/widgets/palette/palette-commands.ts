// The palette's keys -> actions: completion, choosing a suggestion, typing, and running the line.
import { messageOf } from '../../../errors.js';
import type { CommandContext } from '../../commands.js';
import type { CommandId } from '../../keys/bindings.js';
import { planCommand } from '../../services/plan-command.js';
import { targetGroups } from '../group-list/use-group-list-state.js';
import { suggest } from './use-palette-state.js';

/** Plans the typed line; runs it, or asks first when it is destructive; errors stay in the open palette. */
function runLine(ctx: CommandContext, text: string): void {
  const { store, runner, findAction } = ctx;
  const { actions, list, config } = store.getState();
  try {
    const plan = planCommand(text, { config, findAction, targets: targetGroups(list) });
    const start = () => {
      actions.closeModal();
      runner.run(plan.action, plan.groups, plan.flags);
      actions.say(`started #${store.getState().jobs.list.length} ${plan.label}`);
    };
    if (plan.confirm) actions.confirm(`${plan.label} is destructive. Run it?`, start);
    else start();
  } catch (error) {
    actions.say(messageOf(error), 'error');
  }
}

/** Handles a palette command; false when `command` is not one. */
export function runPaletteCommand(command: CommandId, ctx: CommandContext): boolean {
  const state = ctx.store.getState();
  if (state.modal?.kind !== 'palette') return command.startsWith('palette.');
  const { actions } = state;
  const { text } = state.modal.palette;
  const suggestions = () => suggest(text, ctx.paletteEntries, state.list.names);
  switch (command) {
    case 'palette.run':
      runLine(ctx, text);
      return true;
    case 'palette.close':
      actions.closeModal();
      return true;
    case 'palette.next':
    case 'palette.prev':
      actions.palette({ type: command === 'palette.next' ? 'next' : 'prev', count: suggestions().length });
      return true;
    case 'palette.complete':
      actions.palette({ type: 'complete', suggestions: suggestions() });
      return true;
    default:
      return false;
  }
}

/** Typed text and backspace in the palette. */
export function typeInPalette(ctx: CommandContext, key: string, text: string): void {
  const { actions } = ctx.store.getState();
  if (key === 'backspace') actions.palette({ type: 'erase' });
  else actions.palette({ type: 'type', text });
}
