// The group list's commands -> reducer actions: select, select all/none, the filter line.
import type { CommandContext, CommandHandler } from '../../command-context.js';
import type { CommandId } from '../../keys/bindings.js';
import type { GroupListAction } from './group-list-reducer.js';

const dispatching =
  (action: GroupListAction): CommandHandler =>
  (ctx) => {
    ctx.store.getState().actions.list(action);
  };

/** The group list's rows of the dispatch table (commands.ts). */
export const GROUP_LIST_COMMANDS = {
  'groups.toggle': dispatching({ type: 'toggle' }),
  'groups.all': dispatching({ type: 'selectAll' }),
  'groups.none': dispatching({ type: 'selectNone' }),
  'groups.filter': dispatching({ type: 'startFilter' }),
  'filter.apply': dispatching({ type: 'applyFilter' }),
  'filter.clear': dispatching({ type: 'clearFilter' }),
} as const satisfies Partial<Record<CommandId, CommandHandler>>;

/** Typed text and backspace in the filter line. */
export function typeInFilter(ctx: CommandContext, key: string, text: string): void {
  ctx.store.getState().actions.list(key === 'backspace' ? { type: 'eraseFilter' } : { type: 'typeFilter', text });
}
