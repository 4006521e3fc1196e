// A palette line (`packer:clean 12_04-* -n 5`) turned into what to run: action, groups, flags, whether to confirm.
import { parseCommand } from '../../actions/flags.js';
import { splitCommandLine } from '../../process/split-command-line.js';
import { checkActionRequirements, resolveGroups } from '../../actions/invoke.js';
import { type AnyAction, isDestructive } from '../../actions/types.js';
import type { Config } from '../../config/index.js';
import { usageError } from '../../errors.js';

export interface CommandPlan {
  action: AnyAction;
  groups: string[];
  flags: Record<string, unknown>;
  /** Ask before running (destructive and no --yes typed). */
  confirm: boolean;
  /** One line for the confirmation and the status line. */
  label: string;
  /** No group was named and the action took every group. */
  allGroups: boolean;
}

export interface PlanInput {
  config: Config;
  findAction: (name: string) => AnyAction | undefined;
  /** Selected groups (or the focused one): used when the line names none. */
  targets: readonly string[];
}

/** Actions the palette offers: everything but the long-running ones (agent, watchers, servers). */
export const offered = (action: AnyAction): boolean => !action.longRunning;

export function planCommand(line: string, { config, findAction, targets }: PlanInput): CommandPlan {
  const argv = splitCommandLine(line.replace(/^\s*:/, ''));
  const name = argv[0];
  if (!name) throw usageError('usage.action', 'type an action, e.g. role:create');
  const action = findAction(name);
  if (!action) throw usageError('usage.action', `unknown action "${name}"`, { hint: 'tab completes action names' });
  if (!offered(action)) {
    throw usageError('usage.action', `${action.name} runs until stopped: run it headless (hangar ${action.name})`);
  }
  const { positionals, globals, flags } = parseCommand(argv.slice(1), action);
  const unsupported = Object.keys(globals).filter((key) => key !== 'yes');
  if (unsupported.length > 0) throw usageError('usage.flag', `--${unsupported[0]} cannot be changed inside the workbench`);

  let groups: string[];
  let allGroups = false;
  if (action.groups === 'none' || positionals.length > 0) {
    // Typed groups override the selection.
    ({ groups, allGroups } = resolveGroups(action, config, positionals));
  } else {
    groups = [...targets];
    if (groups.length === 0) ({ groups, allGroups } = resolveGroups(action, config, []));
    else checkActionRequirements(action, config, groups);
  }
  const label = [action.name, ...groups].join(' ');
  const confirm = !globals.yes && isDestructive(action, { groups, allGroups, flags });
  return { action, groups, flags, confirm, label, allGroups };
}
