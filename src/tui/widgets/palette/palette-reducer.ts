// The command palette as a pure reducer: the typed line with a cursor, line editing, history recall, completion.
import { type EditKind, editLine } from './palette-editing.js';

export type { EditKind } from './palette-editing.js';

export interface PaletteEntry {
  name: string;
  summary: string;
  /** `hangar packer:clean GROUP... [flags]`, from the help (shown once the action is typed). */
  usage?: string;
  /** The flags the action takes: `--keep` (with `-n` when it has a short form) and what each does. */
  flags: readonly { flag: string; short?: string | undefined; description: string }[];
}

export interface PaletteState {
  text: string;
  /** Where typing inserts (0..text.length). */
  cursor: number;
  /** Index of the highlighted suggestion. */
  choice: number;
  /** The history entry shown (1 = newest) and its text: ↑/↓ walk the history while the line is unchanged. */
  recall?: { index: number; text: string } | undefined;
}

export interface Suggestion {
  /** What completing inserts. */
  value: string;
  /** A short explanation (the action's summary). */
  detail: string;
}

export type PaletteAction =
  | { type: 'type'; text: string }
  | { type: 'erase' }
  | { type: 'edit'; kind: EditKind }
  | { type: 'next'; count: number }
  | { type: 'prev'; count: number }
  | { type: 'complete'; suggestions: readonly Suggestion[] }
  /** `by` 1: an older command, -1: a newer one (past the newest: an empty line). `history` is oldest first. */
  | { type: 'recall'; history: readonly string[]; by: 1 | -1 };

export const initPalette = (text = ''): PaletteState => ({ text, cursor: text.length, choice: 0 });

/** Whether ↑/↓ walk the history now: the line is empty, or still the command they recalled. */
export function recalling(state: PaletteState): boolean {
  return state.text === '' || state.recall?.text === state.text;
}

/** The word under completion: its start offset and its text. */
function currentWord(text: string): { start: number; word: string; index: number } {
  const start = text.search(/\S*$/);
  const index = text.slice(0, start).trim() === '' ? 0 : text.slice(0, start).trim().split(/\s+/).length;
  return { start, word: text.slice(start), index };
}

/** Suggestions for the word being typed: actions first, then groups (or flags after `-`). */
export function suggest(text: string, actions: readonly PaletteEntry[], groups: readonly string[], limit = 50): Suggestion[] {
  const { word, index } = currentWord(text);
  const needle = word.toLowerCase();
  if (index === 0) {
    const starts = actions.filter((a) => a.name.startsWith(needle));
    const contains = actions.filter((a) => !a.name.startsWith(needle) && a.name.includes(needle));
    return [...starts, ...contains].slice(0, limit).map((a) => ({ value: a.name, detail: a.summary }));
  }
  const action = actions.find((a) => a.name === text.trim().split(/\s+/)[0]);
  const flags = (action?.flags ?? []).map((f) => ({ value: f.flag, detail: `${f.short ? `-${f.short}  ` : ''}${f.description}` }));
  if (word.startsWith('-')) return flags.filter((f) => f.value.startsWith(word) || f.detail.startsWith(`${word} `));
  // Between words: what the action accepts.
  if (word === '') return flags;
  return groups
    .filter((g) => g.toLowerCase().startsWith(needle))
    .slice(0, limit)
    .map((g) => ({ value: g, detail: '' }));
}

function recall(state: PaletteState, history: readonly string[], by: 1 | -1): PaletteState {
  const index = (state.recall?.index ?? 0) + by;
  if (index <= 0) return initPalette();
  const text = history[history.length - index];
  if (text === undefined) return state;
  return { ...initPalette(text), recall: { index, text } };
}

export function paletteReducer(state: PaletteState, action: PaletteAction): PaletteState {
  switch (action.type) {
    case 'type': {
      const typed = action.text.replace(/[\r\n]/g, '');
      return { text: state.text.slice(0, state.cursor) + typed + state.text.slice(state.cursor), cursor: state.cursor + typed.length, choice: 0 };
    }
    case 'erase':
      if (state.cursor === 0) return state;
      return { text: state.text.slice(0, state.cursor - 1) + state.text.slice(state.cursor), cursor: state.cursor - 1, choice: 0 };
    case 'edit': {
      const edited = editLine(state.text, state.cursor, action.kind);
      return edited.text === state.text ? { ...state, cursor: edited.cursor } : { ...edited, choice: 0 };
    }
    case 'next':
      return action.count === 0 ? state : { ...state, choice: (state.choice + 1) % action.count };
    case 'prev':
      return action.count === 0 ? state : { ...state, choice: (state.choice - 1 + action.count) % action.count };
    case 'recall':
      return recall(state, action.history, action.by);
    case 'complete': {
      const chosen = action.suggestions[Math.min(state.choice, action.suggestions.length - 1)];
      if (!chosen) return state;
      const { start } = currentWord(state.text);
      const text = `${state.text.slice(0, start)}${chosen.value} `;
      return { text, cursor: text.length, choice: 0 };
    }
  }
}
