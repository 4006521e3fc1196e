// The store's part for issue 15's views: the drift of every group, the drift view's cursor, the group view, the dependency view.
import type { DriftItem } from '../../drift/types.js';
import type { GroupDetailData } from '../services/group-detail-schema.js';

/** What fills the screen under the header: the three panes, the service map, one group, the dependency tree. */
export type WorkbenchView = 'main' | 'services' | 'group' | 'deps';

export interface DriftView {
  /** `unavailable` when the catalog has no fleet:drift action; `error` when the last refresh failed (said once). */
  state: 'unavailable' | 'loading' | 'ok' | 'error';
  /** Each group's items (empty: clean); a group missing here is unknown. */
  groups: Readonly<Record<string, readonly DriftItem[]>>;
  warnings: readonly string[];
  /** Something could not be read: the items may miss drift (the warnings say what). */
  incomplete?: boolean | undefined;
  error?: string | undefined;
  at?: number | undefined;
}

export interface GroupView {
  name: string;
  state: 'loading' | 'ok' | 'error';
  detail?: GroupDetailData | undefined;
  error?: string | undefined;
  /** When the detail was read (ms). */
  at?: number | undefined;
  scroll: number;
}

export interface ViewsFields {
  view: WorkbenchView;
  drift: DriftView;
  /** The chosen item of the drift view (index into the focused group's items). */
  driftCursor: number;
  groupView: GroupView | undefined;
  depsScroll: number;
}

export interface ViewsActions {
  setDrift(drift: DriftView): void;
  moveDriftCursor(to: number): void;
  /** Opens the group view on `name` (its detail loads in the background). */
  openGroup(name: string): void;
  /** Sets what was read for the open group view; ignored when the view shows another group now. */
  setGroupDetail(name: string, patch: Partial<Omit<GroupView, 'name' | 'scroll'>>): void;
  scrollGroup(to: number): void;
  toggleDeps(): void;
  scrollDeps(to: number): void;
  /** Back to the three panes. */
  closeView(): void;
}

type Set = (partial: Partial<ViewsFields>) => void;
type Get = () => ViewsFields;

export function initialViews(): ViewsFields {
  return { view: 'main', drift: { state: 'unavailable', groups: {}, warnings: [] }, driftCursor: 0, groupView: undefined, depsScroll: 0 };
}

export function createViewsActions(set: Set, get: Get): ViewsActions {
  return {
    setDrift: (drift) => set({ drift }),
    moveDriftCursor: (to) => set({ driftCursor: Math.max(0, to) }),
    openGroup: (name) => set({ view: 'group', groupView: { name, state: 'loading', scroll: 0 } }),
    setGroupDetail: (name, patch) => {
      const current = get().groupView;
      if (current?.name !== name) return;
      set({ groupView: { ...current, ...patch } });
    },
    scrollGroup: (to) => {
      const current = get().groupView;
      if (current) set({ groupView: { ...current, scroll: Math.max(0, to) } });
    },
    toggleDeps: () => set({ view: get().view === 'deps' ? 'main' : 'deps', depsScroll: 0 }),
    scrollDeps: (to) => set({ depsScroll: Math.max(0, to) }),
    closeView: () => set({ view: 'main' }),
  };
}
