// The one keymap table: every command, its keys, where it applies and what it does; help and footer come from it.

/** Where a binding applies: a modal, a pane (when focused) or everywhere. */
export type Scope = 'global' | 'groups' | 'detail' | 'jobs' | 'log' | 'services' | 'group' | 'deps' | 'palette' | 'filter' | 'confirm' | 'help' | ReaderScope;

/** The reader's overlays: the message log and the search line (src/tui/widgets/reader, message-log). */
export type ReaderScope = 'messages' | 'search';

export type Category = 'general' | 'navigation' | 'groups' | 'detail' | 'jobs' | 'reading' | 'palette' | 'dialogs';

/** One row of the table, without its command id (the row's key). */
export interface BindingSpec {
  keys: readonly string[];
  description: string;
  category: Category;
  scopes: readonly Scope[];
  /** Shown in the footer when one of its scopes is active. */
  footer?: string;
}

export interface Binding extends BindingSpec {
  command: CommandId;
}

/** Panes that move a cursor or scroll with the same keys. */
const MOVABLE: readonly Scope[] = ['groups', 'detail', 'jobs', 'log', 'services', 'group', 'deps', 'help', 'messages'];

/** Where the reader's keys (wrap, sideways, search) apply: the focused job's log, maximised or not, and the detail pane. */
const READABLE: readonly Scope[] = ['jobs', 'log', 'detail'];

export const BINDINGS = {
  'app.palette': { keys: [':'], description: 'command palette: run an action on the selection', category: 'general', scopes: ['global'], footer: 'command' },
  'app.next-pane': { keys: ['tab'], description: 'focus the next pane', category: 'navigation', scopes: ['global'], footer: 'pane' },
  'app.prev-pane': { keys: ['shift-tab'], description: 'focus the previous pane', category: 'navigation', scopes: ['global'] },
  'detail.cycle': {
    keys: ['d'],
    description: 'detail view: merged config, diff vs __base__, plan vs disk, drift of the fleet',
    category: 'detail',
    scopes: ['global'],
    footer: 'view',
  },
  'app.deps': {
    keys: ['x'],
    description: 'dependency view: each service, the groups that provide it and those that need it',
    category: 'general',
    scopes: ['global'],
  },
  'app.services': { keys: ['s'], description: 'service map (live from the registry) on/off', category: 'general', scopes: ['global'], footer: 'services' },
  'app.help': { keys: ['?'], description: 'show every key binding', category: 'general', scopes: ['global'], footer: 'help' },
  'app.reload': { keys: ['r'], description: 'reload nodes.json (after editing it); a bad file keeps the old one', category: 'general', scopes: ['global'] },
  'app.quit': { keys: ['q'], description: 'quit (asks when jobs are running)', category: 'general', scopes: ['global'], footer: 'quit' },
  'job.cancel': { keys: ['ctrl-c'], description: 'cancel the focused job', category: 'jobs', scopes: ['global'] },
  'cursor.up': { keys: ['k', 'up'], description: 'move up / scroll up', category: 'navigation', scopes: MOVABLE },
  'cursor.down': { keys: ['j', 'down'], description: 'move down / scroll down', category: 'navigation', scopes: MOVABLE },
  'cursor.page-up': { keys: ['pageup', 'ctrl-b'], description: 'one page up', category: 'navigation', scopes: MOVABLE },
  'cursor.page-down': { keys: ['pagedown', 'ctrl-f'], description: 'one page down', category: 'navigation', scopes: MOVABLE },
  'cursor.top': { keys: ['g', 'home'], description: 'go to the first line', category: 'navigation', scopes: MOVABLE },
  'cursor.bottom': { keys: ['G', 'end'], description: 'go to the last line', category: 'navigation', scopes: MOVABLE },
  'groups.toggle': { keys: ['space'], description: 'select / unselect the group', category: 'groups', scopes: ['groups'], footer: 'select' },
  'groups.all': { keys: ['a'], description: 'select every shown group', category: 'groups', scopes: ['groups'] },
  'groups.none': { keys: ['A'], description: 'unselect every group', category: 'groups', scopes: ['groups'] },
  'groups.open': {
    keys: ['enter'],
    description: 'open the group view: ASGs, instances, AMIs, drift (: then acts on that group)',
    category: 'groups',
    scopes: ['groups'],
  },
  'group.close': { keys: ['escape'], description: 'back from the group view', category: 'groups', scopes: ['group'], footer: 'back' },
  'deps.close': { keys: ['escape', 'x'], description: 'back from the dependency view', category: 'general', scopes: ['deps'], footer: 'back' },
  'drift.choose': { keys: ['enter'], description: "drift view: put the chosen item's fix into the palette (not run)", category: 'detail', scopes: ['detail'] },
  'groups.filter': { keys: ['/'], description: 'filter groups by name', category: 'groups', scopes: ['groups'], footer: 'filter' },
  'filter.apply': { keys: ['enter'], description: 'keep the filter and go back to the list', category: 'groups', scopes: ['filter'], footer: 'keep' },
  'filter.clear': { keys: ['escape'], description: 'clear the filter', category: 'groups', scopes: ['filter'], footer: 'clear' },
  'jobs.maximise': { keys: ['enter'], description: 'maximise / restore the log of the focused job', category: 'jobs', scopes: ['jobs', 'log'], footer: 'log' },
  'jobs.follow': { keys: ['f'], description: 'follow / stop following the log', category: 'jobs', scopes: ['jobs', 'log'], footer: 'follow' },
  'log.restore': { keys: ['escape'], description: 'clear the search, else restore the maximised log', category: 'jobs', scopes: ['log'] },
  'app.messages': {
    keys: ['m'],
    description: 'message log: every notice, warning and error in full',
    category: 'general',
    scopes: ['global'],
    footer: 'messages',
  },
  'messages.close': { keys: ['escape', 'm', 'q'], description: 'close the message log', category: 'dialogs', scopes: ['messages'], footer: 'close' },
  'reader.wrap': { keys: ['w'], description: 'wrap long lines on/off (log, detail)', category: 'reading', scopes: READABLE, footer: 'wrap' },
  'reader.left': { keys: ['left', 'h'], description: 'scroll left (not wrapped)', category: 'reading', scopes: READABLE },
  'reader.right': { keys: ['right', 'l'], description: 'scroll right (not wrapped)', category: 'reading', scopes: READABLE },
  'reader.search': { keys: ['/'], description: 'search the log or the detail pane', category: 'reading', scopes: READABLE, footer: 'search' },
  'reader.next': { keys: ['n'], description: 'next match', category: 'reading', scopes: READABLE },
  'reader.prev': { keys: ['N'], description: 'previous match', category: 'reading', scopes: READABLE },
  'reader.clear': { keys: ['escape'], description: 'clear the search', category: 'reading', scopes: ['jobs', 'detail'] },
  'reader.save': { keys: ['S'], description: 'save the focused log to .hangar/logs/', category: 'reading', scopes: ['jobs', 'log'], footer: 'save' },
  'search.apply': { keys: ['enter'], description: 'search for the typed text', category: 'reading', scopes: ['search'], footer: 'search' },
  'search.cancel': { keys: ['escape'], description: 'close the search line', category: 'reading', scopes: ['search'], footer: 'cancel' },
  'services.close': { keys: ['escape'], description: 'back from the service map', category: 'general', scopes: ['services'], footer: 'back' },
  'palette.run': { keys: ['enter'], description: 'run the command', category: 'palette', scopes: ['palette'], footer: 'run' },
  'palette.complete': { keys: ['tab'], description: 'complete the action name', category: 'palette', scopes: ['palette'], footer: 'complete' },
  'palette.next': {
    keys: ['down'],
    description: 'a newer command while one recalled is unchanged, else the next suggestion',
    category: 'palette',
    scopes: ['palette'],
  },
  'palette.prev': {
    keys: ['up'],
    description: 'history: an older command when the line is empty or recalled unchanged, else the previous suggestion',
    category: 'palette',
    scopes: ['palette'],
  },
  'palette.left': { keys: ['left'], description: 'cursor one character left', category: 'palette', scopes: ['palette'] },
  'palette.right': { keys: ['right'], description: 'cursor one character right', category: 'palette', scopes: ['palette'] },
  'palette.line-start': { keys: ['ctrl-a', 'home'], description: 'cursor to the start of the line', category: 'palette', scopes: ['palette'] },
  'palette.line-end': { keys: ['ctrl-e', 'end'], description: 'cursor to the end of the line', category: 'palette', scopes: ['palette'] },
  'palette.kill-start': { keys: ['ctrl-u'], description: 'delete from the cursor to the start of the line', category: 'palette', scopes: ['palette'] },
  'palette.kill-end': { keys: ['ctrl-k'], description: 'delete from the cursor to the end of the line', category: 'palette', scopes: ['palette'] },
  'palette.kill-word': { keys: ['ctrl-w'], description: 'delete the word before the cursor', category: 'palette', scopes: ['palette'] },
  'palette.close': { keys: ['escape', 'ctrl-c'], description: 'close the palette', category: 'palette', scopes: ['palette'], footer: 'close' },
  'confirm.yes': { keys: ['y'], description: 'yes, go ahead', category: 'dialogs', scopes: ['confirm'], footer: 'yes' },
  'confirm.no': { keys: ['n', 'escape'], description: 'no, do nothing', category: 'dialogs', scopes: ['confirm'], footer: 'no' },
  'help.close': { keys: ['escape', '?', 'q'], description: 'close the help', category: 'dialogs', scopes: ['help'], footer: 'close' },
} as const satisfies Readonly<Record<string, BindingSpec>>;

/** Every command id: the keys of the table, so a command exists only with its keys, description and scopes. */
export type CommandId = keyof typeof BINDINGS;

/** The table as a list in display order (help, footer, key lookup). */
export const BINDING_LIST: readonly Binding[] = Object.entries(BINDINGS).map(([command, spec]) => ({ command: command as CommandId, ...spec }));

/** The first key of a command (tests press keys by looking them up here). */
export function keyOf(command: CommandId): string {
  return BINDINGS[command].keys[0];
}

export const CATEGORY_TITLES: Record<Category, string> = {
  general: 'General',
  navigation: 'Moving around',
  groups: 'Node groups',
  detail: 'Config and diff',
  jobs: 'Jobs and logs',
  reading: 'Reading logs and details',
  palette: 'Command palette',
  dialogs: 'Dialogs',
};
