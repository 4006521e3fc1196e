// The command palette as a pure reducer: the typed line, completion of action names, groups and flags.

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
  /** Index of the highlighted suggestion. */
  choice: number;
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
  | { type: 'next'; count: number }
  | { type: 'prev'; count: number }
  | { type: 'complete'; suggestions: readonly Suggestion[] };

export const initPalette = (text = ''): PaletteState => ({ text, choice: 0 });

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

export function paletteReducer(state: PaletteState, action: PaletteAction): PaletteState {
  switch (action.type) {
    case 'type':
      return { text: state.text + action.text.replace(/[\r\n]/g, ''), choice: 0 };
    case 'erase':
      return { text: state.text.slice(0, -1), choice: 0 };
    case 'next':
      return action.count === 0 ? state : { ...state, choice: (state.choice + 1) % action.count };
    case 'prev':
      return action.count === 0 ? state : { ...state, choice: (state.choice - 1 + action.count) % action.count };
    case 'complete': {
      const chosen = action.suggestions[Math.min(state.choice, action.suggestions.length - 1)];
      if (!chosen) return state;
      const { start } = currentWord(state.text);
      return { text: `${state.text.slice(0, start)}${chosen.value} `, choice: 0 };
    }
  }
}
