// The one key handler: a key press -> the binding of the highest-priority active scope -> its command, or typed text.
import { type Key, useInput } from 'ink';
import { useCallback } from 'react';
import type { CommandContext } from '../command-context.js';
import { runCommand, typeText } from '../commands.js';
import { resolveKey } from './dispatch.js';
import { nameOfChar, nameOfKey } from './key-name.js';
import { scopesOf } from './scopes.js';

function dispatch(ctx: CommandContext, name: string, text: string): void {
  const binding = resolveKey(scopesOf(ctx.store.getState()), name);
  if (binding) runCommand(binding.command, ctx);
  else typeText(ctx, name, text);
}

export function useKeys(ctx: CommandContext): void {
  const handle = useCallback(
    (input: string, key: Key) => {
      // Ink hands over a run of plain characters (fast typing, a paste, tmux send-keys) as one input:
      // each character is its own key press.
      if (input.length > 1 && !key.ctrl && !key.meta) {
        for (const ch of input) dispatch(ctx, nameOfChar(ch), ch);
        return;
      }
      // ESC then a key typed quickly arrives as one "meta" key: no binding uses alt, so it is both keys.
      if (key.meta && !key.escape && input.length === 1 && !key.ctrl) {
        dispatch(ctx, 'escape', '');
        dispatch(ctx, nameOfKey(input, { ...key, meta: false }), input);
        return;
      }
      dispatch(ctx, nameOfKey(input, key), input);
    },
    [ctx],
  );
  useInput(handle);
}
