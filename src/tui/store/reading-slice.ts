// The store's reading state: wrap and sideways scroll per target (log, detail), the active search, the reader overlays.
import type { ReadTarget, ReaderModal } from './types.js';

export interface ReadingMode {
  wrap: boolean;
  /** Columns scrolled to the right when not wrapping. */
  hscroll: number;
}

export interface Search {
  target: ReadTarget;
  query: string;
  /** The current match: an absolute event index (log) or a line index (detail); undefined when nothing matched. */
  at: number | undefined;
}

export interface ReadingState {
  /** The message log or the search line, over whatever is shown. */
  overlay: ReaderModal | undefined;
  reading: Readonly<Record<ReadTarget, ReadingMode>>;
  search: Search | undefined;
}

export interface ReadingActions {
  setOverlay(overlay: ReaderModal | undefined): void;
  setReading(target: ReadTarget, patch: Partial<ReadingMode>): void;
  setSearch(search: Search | undefined): void;
}

type Set = (partial: Partial<ReadingState>) => void;
type Get = () => ReadingState;

export const initReading = (): ReadingState => ({
  overlay: undefined,
  reading: { log: { wrap: false, hscroll: 0 }, detail: { wrap: false, hscroll: 0 } },
  search: undefined,
});

export function createReadingActions(set: Set, get: Get): ReadingActions {
  return {
    setOverlay: (overlay) => set({ overlay }),
    setReading: (target, patch) => {
      const reading = get().reading;
      set({ reading: { ...reading, [target]: { ...reading[target], ...patch } } });
    },
    setSearch: (search) => set({ search }),
  };
}
