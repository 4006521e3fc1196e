// Checks the palette line as it is typed (action, groups, flag types, ranges, required flags) and gives an example in palette syntax.
import { messageOf } from '../../../errors.js';
import type { CommandContext } from '../../command-context.js';
import { planCommand } from '../../services/plan-command.js';
import { targetGroups } from '../group-list/group-list-reducer.js';

/** The action word of a palette line. */
const actionWord = (text: string) => text.replace(/^\s*:/, '').trim().split(/\s+/)[0] ?? '';

/**
 * What is wrong with the line now, or undefined when it would run. Checked once an action name is followed by a
 * space (a half-typed name is not an error yet); the same planning as enter, so what passes here starts.
 */
export function checkLine(ctx: CommandContext, text: string): string | undefined {
  if (!/^\s*:?\s*\S+\s/.test(text)) return undefined;
  const { list, config } = ctx.store.getState();
  try {
    planCommand(text, { config, findAction: ctx.findAction, targets: targetGroups(list) });
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

/**
 * A line that would run, in palette syntax on a real group (one typed, else the selection, the focused or the first group):
 * `:instance:create 12_04-www --key PATH --name NAME`. Undefined when the action is unknown.
 */
export function exampleLine(ctx: CommandContext, text: string): string | undefined {
  const action = ctx.findAction(actionWord(text));
  if (!action) return undefined;
  const { list, config } = ctx.store.getState();
  const typed = text
    .replace(/^\s*:/, '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .find((word) => config.groups.has(word));
  const group = action.groups === 'none' ? undefined : (typed ?? targetGroups(list)[0] ?? [...config.groups.keys()][0]);
  const required = Object.entries(action.flags)
    .filter(([, spec]) => spec.required)
    .map(([name, spec]) => `--${name} ${spec.placeholder ?? 'VALUE'}`);
  return [`:${action.name}`, ...(group ? [group] : []), ...required].join(' ');
}
