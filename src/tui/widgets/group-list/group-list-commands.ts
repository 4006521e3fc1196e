// The group list's keys -> reducer actions: select, select all/none, the filter line.
import type { CommandContext } from '../../commands.js';
import type { CommandId } from '../../keys/bindings.js';
import type { GroupListAction } from './use-group-list-state.js';

const ACTIONS: Partial<Record<CommandId, GroupListAction>> = {
  'groups.toggle': { type: 'toggle' },
  'groups.all': { type: 'selectAll' },
  'groups.none': { type: 'selectNone' },
  'groups.filter': { type: 'startFilter' },
  'filter.apply': { type: 'applyFilter' },
  'filter.clear': { type: 'clearFilter' },
};

/** Handles a group list command; false when `command` is not one. */
export function runGroupListCommand(command: CommandId, ctx: CommandContext): boolean {
  const action = ACTIONS[command];
  if (!action) return false;
  ctx.store.getState().actions.list(action);
  return true;
}

/** Typed text and backspace in the filter line. */
export function typeInFilter(ctx: CommandContext, key: string, text: string): void {
  ctx.store.getState().actions.list(key === 'backspace' ? { type: 'eraseFilter' } : { type: 'typeFilter', text });
}
