// Wires a workbench together: store, job runner, background status, registry feed (tests inject a catalog).
import { openLockBackend } from '../locks/acquire.js';
import { chooseBackends } from '../runtime.js';
import { startLockFeed } from './services/lock-feed.js';
import { messageOf } from '../errors.js';
import { readHistory } from '../history/store.js';
import { indexActions, catalog as realCatalog } from '../actions/catalog.js';
import { usageOf } from '../actions/help.js';
import type { AnyAction, GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import { createJobRunner } from './services/job-runner.js';
import { openPaletteHistory } from './services/palette-history.js';
import { offered } from './services/plan-command.js';
import { type RegistryOpener, startRegistryFeed } from './services/registry-feed.js';
import { startStatusPoller } from './services/status-poller.js';
import { startGroupViewFeed } from './services/group-view-feed.js';
import { type WorkbenchStore, createWorkbenchStore } from './store/store.js';
import type { WorkbenchServices } from './views/app.js';
import type { PaletteEntry } from './widgets/palette/palette-reducer.js';
import { formatCount } from '../format/plural.js';

/** How long closing waits for cancelled jobs to end. */
const DISPOSE_WAIT_MS = 5000;

export interface WorkbenchOptions {
  config: Config;
  options: GlobalOptions;
  /** The actions the palette offers (default: the real catalog). */
  catalog?: readonly AnyAction[];
  /** Opens the registry for the service map; undefined: "not available". */
  openRegistry?: RegistryOpener | undefined;
  /** Jobs wait for the runtime (e.g. the in-process sandbox): none runs until start() gets the runtime's options. */
  deferRuntime?: boolean;
  statusIntervalMs?: number;
  tickMs?: number;
  /** Events kept per job (default 5,000). */
  logCapacity?: number;
  /** Keeps the project's history: records each job the user runs, lists earlier runs (default true). */
  history?: boolean;
}

export interface Workbench {
  store: WorkbenchStore;
  services: WorkbenchServices;
  /**
   * Starts the background work: fleet status polling and the registry feed. With `deferRuntime`, `runtime`
   * gives the options jobs run with and the registry opener, once the runtime is ready (after the first frame).
   */
  start(runtime?: { options: GlobalOptions; openRegistry?: RegistryOpener | undefined }): void;
  /** Stops background work and cancels running jobs. */
  dispose(): Promise<void>;
}

export function paletteEntriesOf(actions: readonly AnyAction[]): PaletteEntry[] {
  return actions.filter(offered).map((action) => ({
    name: action.name,
    summary: action.summary,
    // In palette syntax: `:packer:clean GROUP... [flags]`, not the CLI's `hangar packer:clean ...`.
    usage: usageOf(action).replace(/^hangar /, ':'),
    flags: Object.entries(action.flags).map(([flag, spec]) => ({ flag: `--${flag}`, short: spec.short, description: spec.description })),
  }));
}

export function createWorkbench({
  config,
  options,
  catalog = realCatalog,
  openRegistry,
  statusIntervalMs,
  tickMs,
  logCapacity,
  history = true,
  deferRuntime = false,
}: WorkbenchOptions): Workbench {
  const store = createWorkbenchStore(config);
  const byName = indexActions(catalog);
  const findAction = (name: string) => byName.get(name);
  const runner = createJobRunner({
    store,
    options: deferRuntime ? undefined : options,
    requested: options,
    findAction,
    history,
    ...(tickMs ? { tickMs } : {}),
    ...(logCapacity ? { capacity: logCapacity } : {}),
  });
  // Kept on disk with the rest of the project's history (in memory only when the history is off, e.g. tests).
  const palette = openPaletteHistory(history ? config.dir : undefined);
  if (palette.warning) store.getState().actions.say(palette.warning, 'warn');
  const services: WorkbenchServices = {
    store,
    runner,
    findAction,
    paletteEntries: paletteEntriesOf(catalog),
    paletteHistory: palette.history,
    debug: options.debug,
  };
  let stopStatus: (() => Promise<void>) | undefined;
  let stopRegistry: (() => Promise<void>) | undefined;
  let stopLocks: (() => Promise<void>) | undefined;
  let stopGroupView: (() => Promise<void>) | undefined;
  return {
    store,
    services,
    start(runtime) {
      if (runtime) runner.setOptions(runtime.options);
      if (history) {
        loadEarlierJobs(store);
        stopLocks = watchOthers(store, runtime?.options ?? options);
      }
      stopStatus = startStatusPoller({
        store,
        runner,
        findAction,
        groups: () => [...store.getState().config.groups.keys()],
        ...(statusIntervalMs ? { intervalMs: statusIntervalMs } : {}),
      });
      stopRegistry = startRegistryFeed({ store, open: runtime ? runtime.openRegistry : openRegistry });
      stopGroupView = startGroupViewFeed({ store, runner, findAction });
    },
    async dispose() {
      // Jobs (the background status one too) end while the runtime (e.g. the in-process sandbox) is still up,
      // so nothing is left retrying against a closed endpoint; a job that ignores its cancel is not waited for long.
      runner.cancelAll('workbench closed');
      const ended = Promise.all([stopStatus?.(), stopGroupView?.(), ...store.getState().jobs.list.map((job) => job.done)]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, DISPOSE_WAIT_MS)))]);
      clearTimeout(timer);
      runner.stop();
      await stopRegistry?.();
      await stopLocks?.();
    },
  };
}

/** How many earlier runs the jobs pane lists. */
const EARLIER_JOBS = 100;

/** Lists the runs of earlier sessions (newest first) below this run's jobs; a bad history line is a warning, never a crash. */
function loadEarlierJobs(store: WorkbenchStore): void {
  const { actions, config } = store.getState();
  try {
    const { entries, warnings } = readHistory(config.dir);
    actions.updateJobs({
      earlier: entries
        .map((e) => e.record)
        .reverse()
        .slice(0, EARLIER_JOBS),
    });
    if (warnings.length) actions.say(`${formatCount(warnings.length, 'unreadable history line')} skipped: ${warnings[0]!.replace(/^warning: /, '')}`, 'warn');
  } catch (error) {
    actions.say(`could not read the history: ${messageOf(error)}`, 'warn');
  }
}

/** Shows other operators' running actions (their group locks) in the groups pane and the status line. */
function watchOthers(store: WorkbenchStore, options: GlobalOptions): () => Promise<void> {
  const { config } = store.getState();
  const request = {
    scope: 'groups' as const,
    dir: config.dir,
    localOnly: chooseBackends(options).localOnly,
    registry: config.settings.registry,
    env: process.env,
  };
  const backend = openLockBackend(request, () => undefined);
  const stop = startLockFeed({ store, list: async () => (await (await backend).list?.()) ?? [] });
  return async () => {
    stop();
    await (await backend.catch(() => undefined))?.close();
  };
}
