// The message log's commands: open it (the failures in it count as seen), close it.
import type { CommandContext, CommandHandler } from '../../command-context.js';
import type { CommandId } from '../../keys/bindings.js';

/** The message log's rows of the dispatch table (commands.ts). */
export const MESSAGE_LOG_COMMANDS = {
  'app.messages': (ctx: CommandContext) => {
    const { actions } = ctx.store.getState();
    actions.setOverlay({ kind: 'messages' });
    actions.markMessagesSeen();
  },
  'messages.close': (ctx: CommandContext) => ctx.store.getState().actions.setOverlay(undefined),
} as const satisfies Partial<Record<CommandId, CommandHandler>>;
