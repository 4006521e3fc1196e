// The one keymap table: every command, its keys, where it applies and what it does; help and footer come from it.

/** Where a binding applies: a modal, a pane (when focused) or everywhere. */
export type Scope = 'global' | 'groups' | 'detail' | 'jobs' | 'log' | 'services' | 'palette' | 'filter' | 'confirm' | 'help';

export type Category = 'general' | 'navigation' | 'groups' | 'detail' | 'jobs' | 'palette' | 'dialogs';

export interface Binding {
  command: CommandId;
  keys: readonly string[];
  description: string;
  category: Category;
  scopes: readonly Scope[];
  /** Shown in the footer when one of its scopes is active. */
  footer?: string;
}

/** Panes that move a cursor or scroll with the same keys. */
const MOVABLE: readonly Scope[] = ['groups', 'detail', 'jobs', 'log', 'services', 'help'];

export const BINDINGS = [
  { command: 'app.palette', keys: [':'], description: 'command palette: run an action on the selection', category: 'general', scopes: ['global'], footer: 'command' },
  { command: 'app.next-pane', keys: ['tab'], description: 'focus the next pane', category: 'navigation', scopes: ['global'], footer: 'pane' },
  { command: 'app.prev-pane', keys: ['shift-tab'], description: 'focus the previous pane', category: 'navigation', scopes: ['global'] },
  { command: 'detail.cycle', keys: ['d'], description: 'detail view: merged config, diff vs __base__, plan vs disk', category: 'detail', scopes: ['global'], footer: 'view' },
  { command: 'app.services', keys: ['s'], description: 'service map (live from the registry) on/off', category: 'general', scopes: ['global'], footer: 'services' },
  { command: 'app.help', keys: ['?'], description: 'show every key binding', category: 'general', scopes: ['global'], footer: 'help' },
  { command: 'app.reload', keys: ['r'], description: 'reload nodes.json (after editing it); a bad file keeps the old one', category: 'general', scopes: ['global'] },
  { command: 'app.quit', keys: ['q'], description: 'quit (asks when jobs are running)', category: 'general', scopes: ['global'], footer: 'quit' },
  { command: 'job.cancel', keys: ['ctrl-c'], description: 'cancel the focused job', category: 'jobs', scopes: ['global'] },
  { command: 'cursor.up', keys: ['k', 'up'], description: 'move up / scroll up', category: 'navigation', scopes: MOVABLE },
  { command: 'cursor.down', keys: ['j', 'down'], description: 'move down / scroll down', category: 'navigation', scopes: MOVABLE },
  { command: 'cursor.page-up', keys: ['pageup', 'ctrl-b'], description: 'one page up', category: 'navigation', scopes: MOVABLE },
  { command: 'cursor.page-down', keys: ['pagedown', 'ctrl-f'], description: 'one page down', category: 'navigation', scopes: MOVABLE },
  { command: 'cursor.top', keys: ['g', 'home'], description: 'go to the first line', category: 'navigation', scopes: MOVABLE },
  { command: 'cursor.bottom', keys: ['G', 'end'], description: 'go to the last line', category: 'navigation', scopes: MOVABLE },
  { command: 'groups.toggle', keys: ['space'], description: 'select / unselect the group', category: 'groups', scopes: ['groups'], footer: 'select' },
  { command: 'groups.all', keys: ['a'], description: 'select every shown group', category: 'groups', scopes: ['groups'] },
  { command: 'groups.none', keys: ['A'], description: 'unselect every group', category: 'groups', scopes: ['groups'] },
  { command: 'groups.filter', keys: ['/'], description: 'filter groups by name', category: 'groups', scopes: ['groups'], footer: 'filter' },
  { command: 'filter.apply', keys: ['enter'], description: 'keep the filter and go back to the list', category: 'groups', scopes: ['filter'], footer: 'keep' },
  { command: 'filter.clear', keys: ['escape'], description: 'clear the filter', category: 'groups', scopes: ['filter'], footer: 'clear' },
  { command: 'jobs.maximise', keys: ['enter'], description: 'maximise / restore the log of the focused job', category: 'jobs', scopes: ['jobs', 'log'], footer: 'log' },
  { command: 'jobs.follow', keys: ['f'], description: 'follow / stop following the log', category: 'jobs', scopes: ['jobs', 'log'], footer: 'follow' },
  { command: 'log.restore', keys: ['escape'], description: 'restore the maximised log', category: 'jobs', scopes: ['log'] },
  { command: 'services.close', keys: ['escape'], description: 'back from the service map', category: 'general', scopes: ['services'], footer: 'back' },
  { command: 'palette.run', keys: ['enter'], description: 'run the command', category: 'palette', scopes: ['palette'], footer: 'run' },
  { command: 'palette.complete', keys: ['tab'], description: 'complete the action name', category: 'palette', scopes: ['palette'], footer: 'complete' },
  { command: 'palette.next', keys: ['down'], description: 'next suggestion', category: 'palette', scopes: ['palette'] },
  { command: 'palette.prev', keys: ['up'], description: 'previous suggestion', category: 'palette', scopes: ['palette'] },
  { command: 'palette.close', keys: ['escape', 'ctrl-c'], description: 'close the palette', category: 'palette', scopes: ['palette'], footer: 'close' },
  { command: 'confirm.yes', keys: ['y'], description: 'yes, go ahead', category: 'dialogs', scopes: ['confirm'], footer: 'yes' },
  { command: 'confirm.no', keys: ['n', 'escape'], description: 'no, do nothing', category: 'dialogs', scopes: ['confirm'], footer: 'no' },
  { command: 'help.close', keys: ['escape', '?', 'q'], description: 'close the help', category: 'dialogs', scopes: ['help'], footer: 'close' },
] as const satisfies readonly Binding[];

export type CommandId =
  | 'app.quit' | 'app.reload' | 'app.help' | 'app.palette' | 'app.next-pane' | 'app.prev-pane' | 'app.services'
  | 'detail.cycle' | 'job.cancel'
  | 'cursor.up' | 'cursor.down' | 'cursor.page-up' | 'cursor.page-down' | 'cursor.top' | 'cursor.bottom'
  | 'groups.toggle' | 'groups.all' | 'groups.none' | 'groups.filter' | 'filter.apply' | 'filter.clear'
  | 'jobs.maximise' | 'jobs.follow' | 'log.restore' | 'services.close'
  | 'palette.run' | 'palette.complete' | 'palette.next' | 'palette.prev' | 'palette.close'
  | 'confirm.yes' | 'confirm.no' | 'help.close';

/** The first key of a command (tests press keys by looking them up here). */
export function keyOf(command: CommandId): string {
  const binding = BINDINGS.find((b) => b.command === command);
  if (!binding) throw new Error(`no binding for ${command}`);
  return binding.keys[0];
}

export const CATEGORY_TITLES: Record<Category, string> = {
  general: 'General',
  navigation: 'Moving around',
  groups: 'Node groups',
  detail: 'Config and diff',
  jobs: 'Jobs and logs',
  palette: 'Command palette',
  dialogs: 'Dialogs',
};
