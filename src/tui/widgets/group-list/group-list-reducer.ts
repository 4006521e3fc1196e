// The node groups list as a pure reducer: cursor, filter, multi-select (unit-tested without rendering).

export interface GroupListState {
  /** Every group, in file order. */
  names: readonly string[];
  /** The groups the filter lets through, in file order. */
  visible: readonly string[];
  /** Index into `visible`. */
  cursor: number;
  filter: string;
  /** The filter line is being typed. */
  filtering: boolean;
  selected: ReadonlySet<string>;
}

export type GroupListAction =
  | { type: 'move'; by: number }
  | { type: 'moveTo'; index: number }
  | { type: 'toggle' }
  | { type: 'selectAll' }
  | { type: 'selectNone' }
  | { type: 'startFilter' }
  | { type: 'typeFilter'; text: string }
  | { type: 'eraseFilter' }
  | { type: 'applyFilter' }
  | { type: 'clearFilter' };

export function initGroupList(names: readonly string[]): GroupListState {
  return { names, visible: names, cursor: 0, filter: '', filtering: false, selected: new Set() };
}

const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));

/** Case-insensitive substring match; the cursor stays on the same group when it is still shown. */
function withFilter(state: GroupListState, filter: string): GroupListState {
  const needle = filter.toLowerCase();
  const visible = needle ? state.names.filter((name) => name.toLowerCase().includes(needle)) : state.names;
  const focused = state.visible[state.cursor];
  const kept = focused === undefined ? -1 : visible.indexOf(focused);
  return { ...state, filter, visible, cursor: Math.max(kept, 0) };
}

export function groupListReducer(state: GroupListState, action: GroupListAction): GroupListState {
  switch (action.type) {
    case 'move':
      return { ...state, cursor: clamp(state.cursor + action.by, state.visible.length - 1) };
    case 'moveTo':
      return { ...state, cursor: clamp(action.index < 0 ? state.visible.length + action.index : action.index, state.visible.length - 1) };
    case 'toggle': {
      const name = state.visible[state.cursor];
      if (name === undefined) return state;
      const selected = new Set(state.selected);
      if (selected.has(name)) selected.delete(name);
      else selected.add(name);
      return { ...state, selected };
    }
    case 'selectAll':
      return { ...state, selected: new Set([...state.selected, ...state.visible]) };
    case 'selectNone':
      return state.selected.size === 0 ? state : { ...state, selected: new Set() };
    case 'startFilter':
      return { ...state, filtering: true };
    case 'typeFilter':
      return withFilter(state, state.filter + action.text);
    case 'eraseFilter':
      return withFilter(state, state.filter.slice(0, -1));
    case 'applyFilter':
      return { ...state, filtering: false };
    case 'clearFilter':
      return { ...withFilter(state, ''), filtering: false };
  }
}

/** The list for new group names (nodes.json reloaded): same filter, selection and focused group where they remain. */
export function reloadGroupList(state: GroupListState, names: readonly string[]): GroupListState {
  const selected = new Set([...state.selected].filter((name) => names.includes(name)));
  return withFilter({ ...state, names, selected }, state.filter);
}

/** The focused group's name, if any group is shown. */
export const focusedGroup = (state: GroupListState): string | undefined => state.visible[state.cursor];

/** What an action runs on: the selected groups in file order, else the focused one. */
export function targetGroups(state: GroupListState): string[] {
  if (state.selected.size > 0) return state.names.filter((name) => state.selected.has(name));
  const focused = focusedGroup(state);
  return focused === undefined ? [] : [focused];
}

/** The first row to show so that the cursor stays in a window of `height` rows, moving as little as possible. */
export function scrollTop(previousTop: number, cursor: number, height: number, count: number): number {
  if (height <= 0) return 0;
  let top = previousTop;
  if (cursor < top) top = cursor;
  if (cursor >= top + height) top = cursor - height + 1;
  return clamp(top, Math.max(0, count - height));
}
