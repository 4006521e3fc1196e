// The workbench's zustand store (vanilla): groups, selection, focus, modals, jobs, status and the registry view.
import type { LockHolder } from '../../locks/holder.js';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Config } from '../../config/index.js';
import type { Job } from '../../jobs/job.js';
import { type ViewsActions, type ViewsFields, createViewsActions, initialViews } from './views-slice.js';
import type { RegistryEvent, ServiceEntry } from '../../registry/types.js';
import { type GroupListAction, type GroupListState, groupListReducer, initGroupList, reloadGroupList } from '../widgets/group-list/group-list-reducer.js';
import { type PaletteAction, initPalette, paletteReducer } from '../widgets/palette/palette-reducer.js';
import { type MessageLogActions, type MessageLogState, createMessageActions, initMessageLog } from './message-slice.js';
import { type ReadingActions, type ReadingState, createReadingActions, initReading } from './reading-slice.js';
import { type ConfirmPlan, DETAIL_VIEWS, type DetailView, type JobsView, type Modal, PANES, type Pane, type RegistryView, type StatusView } from './types.js';

/** How long a registry change stays highlighted. */
export const CHANGE_HIGHLIGHT_MS = 4000;

export interface WorkbenchActions extends MessageLogActions, ReadingActions, ViewsActions {
  /** A reloaded nodes.json: the list keeps the filter, the selection and the cursor where those groups remain. */
  setConfig(config: Config): void;
  list(action: GroupListAction): void;
  focusPane(pane: Pane): void;
  cyclePane(by: 1 | -1): void;
  toggleServices(): void;
  setDetailView(view: DetailView): void;
  cycleDetail(): void;
  scrollDetail(to: number): void;
  scrollServices(to: number): void;
  scrollHelp(to: number): void;
  openPalette(text?: string): void;
  palette(action: PaletteAction): void;
  confirm(message: string, onYes: () => void, plan?: ConfirmPlan): void;
  /** The preview of the confirmation opened with `onYes`, when it is still open. */
  setConfirmPlan(onYes: () => void, plan: ConfirmPlan): void;
  openHelp(): void;
  closeModal(): void;
  addJob(job: Job): void;
  updateJobs(patch: Partial<Omit<JobsView, 'list' | 'version' | 'finished'>>): void;
  /** Marks a re-render of the jobs pane; `ended` when a job finished. */
  bumpJobs(ended: boolean): void;
  setStatus(status: StatusView): void;
  setRegistry(patch: Partial<RegistryView>): void;
  registrySnapshot(entries: readonly ServiceEntry[]): void;
  registryEvent(event: RegistryEvent, now?: number): void;
  /** Drops faded highlights; returns whether any remain. */
  pruneChanges(now?: number): boolean;
  setOthers(others: Readonly<Record<string, LockHolder>>): void;
  quit(): void;
}

export interface WorkbenchState extends MessageLogState, ReadingState, ViewsFields {
  config: Config;
  list: GroupListState;
  focus: Pane;
  detail: { view: DetailView; scroll: number };
  modal: Modal | undefined;
  jobs: JobsView;
  status: StatusView;
  registry: RegistryView;
  servicesScroll: number;
  helpScroll: number;
  /** Set when the user quit: the root unmounts. */
  quitting: boolean;
  /** When the user quit (ms): the terminal then shows what the jobs it cancelled printed from then on. */
  quitAt?: number | undefined;
  /** Groups another process (another operator) holds the lock of now: who, what, since when. */
  others: Readonly<Record<string, LockHolder>>;
  actions: WorkbenchActions;
}

export type WorkbenchStore = StoreApi<WorkbenchState>;

const entryKey = (service: string, instance: string) => `${service}/${instance}`;

export function createWorkbenchStore(config: Config): WorkbenchStore {
  return createStore<WorkbenchState>()((set, get) => ({
    config,
    list: initGroupList([...config.groups.keys()]),
    focus: 'groups',
    ...initialViews(),
    detail: { view: 'config', scroll: 0 },
    modal: undefined,
    jobs: { list: [], cursor: 0, maximised: false, follow: true, top: 0, version: 0, finished: 0, earlier: [] },
    status: { state: 'unavailable', groups: {} },
    registry: { state: 'unavailable', entries: new Map(), changes: new Map() },
    servicesScroll: 0,
    helpScroll: 0,
    ...initMessageLog(),
    ...initReading(),
    quitting: false,
    others: {},
    actions: {
      ...createViewsActions(set, get),
      setConfig: (next) => set({ config: next, list: reloadGroupList(get().list, [...next.groups.keys()]) }),
      list: (action) => {
        const before = get().list;
        const list = groupListReducer(before, action);
        if (list === before) return;
        const moved = list.visible[list.cursor] !== before.visible[before.cursor];
        set(moved ? { list, detail: { ...get().detail, scroll: 0 }, driftCursor: 0 } : { list });
      },
      focusPane: (focus) => set({ focus }),
      cyclePane: (by) => {
        const index = PANES.indexOf(get().focus);
        set({ focus: PANES[(index + by + PANES.length) % PANES.length]!, view: 'main' });
      },
      toggleServices: () => set({ view: get().view === 'services' ? 'main' : 'services' }),
      setDetailView: (view) => set({ detail: { view, scroll: 0 } }),
      cycleDetail: () => {
        const index = DETAIL_VIEWS.indexOf(get().detail.view);
        set({ detail: { view: DETAIL_VIEWS[(index + 1) % DETAIL_VIEWS.length]!, scroll: 0 } });
      },
      scrollDetail: (to) => set({ detail: { ...get().detail, scroll: Math.max(0, to) } }),
      scrollServices: (to) => set({ servicesScroll: Math.max(0, to) }),
      scrollHelp: (to) => set({ helpScroll: Math.max(0, to) }),
      openPalette: (text = '') => set({ modal: { kind: 'palette', palette: initPalette(text) }, message: undefined }),
      palette: (action) => {
        const { modal } = get();
        if (modal?.kind !== 'palette') return;
        const message = get().message?.level === 'error' ? undefined : get().message;
        set({ modal: { kind: 'palette', palette: paletteReducer(modal.palette, action) }, message });
      },
      confirm: (message, onYes, plan) => set({ modal: { kind: 'confirm', message, onYes, plan } }),
      setConfirmPlan: (onYes, plan) => {
        const { modal } = get();
        if (modal?.kind === 'confirm' && modal.onYes === onYes) set({ modal: { ...modal, plan } });
      },
      openHelp: () => set({ modal: { kind: 'help' }, helpScroll: 0 }),
      closeModal: () => set({ modal: undefined }),
      addJob: (job) => {
        const list = [...get().jobs.list, job];
        // The new job gets the focus: its log is what the user wants to see.
        set({ jobs: { ...get().jobs, list, cursor: list.length - 1, follow: true } });
      },
      updateJobs: (patch) => set({ jobs: { ...get().jobs, ...patch } }),
      bumpJobs: (ended) => {
        const jobs = get().jobs;
        set({ jobs: { ...jobs, version: jobs.version + 1, finished: jobs.finished + (ended ? 1 : 0) } });
      },
      setStatus: (status) => {
        // A new status error is kept whole in the message log (the status line has room for its start only).
        if (status.state === 'error' && status.error && status.error !== get().status.error)
          get().actions.keepMessage(`status error: ${status.error}`, 'error');
        set({ status });
      },
      setRegistry: (patch) => set({ registry: { ...get().registry, ...patch } }),
      registrySnapshot: (list) => {
        const entries = new Map(list.map((entry) => [entryKey(entry.service, entry.instance), entry]));
        set({ registry: { ...get().registry, state: 'live', entries, changes: new Map() } });
      },
      registryEvent: (event, now = Date.now()) => {
        const registry = get().registry;
        const entries = new Map(registry.entries);
        const changes = new Map(registry.changes);
        if (event.type === 'put') {
          const key = entryKey(event.entry.service, event.entry.instance);
          entries.set(key, event.entry);
          changes.set(key, { at: now, kind: 'put', entry: event.entry });
        } else {
          const key = entryKey(event.service, event.instance);
          const gone = entries.get(key);
          entries.delete(key);
          if (gone) changes.set(key, { at: now, kind: 'delete', entry: gone });
        }
        set({ registry: { ...registry, entries, changes } });
      },
      pruneChanges: (now = Date.now()) => {
        const registry = get().registry;
        if (registry.changes.size === 0) return false;
        const changes = new Map([...registry.changes].filter(([, change]) => now - change.at < CHANGE_HIGHLIGHT_MS));
        if (changes.size !== registry.changes.size) set({ registry: { ...registry, changes } });
        return changes.size > 0;
      },
      ...createMessageActions(set, get),
      ...createReadingActions(set, get),
      quit: () => set({ quitting: true, quitAt: Date.now() }),
      setOthers: (others) => {
        const before = get().others;
        const same = Object.keys(others).length === Object.keys(before).length && Object.entries(others).every(([g, h]) => before[g]?.token === h.token);
        if (!same) set({ others });
      },
    },
  }));
}
