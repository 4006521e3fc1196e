// Test harness for the workbench: render it at a fixed size, press keys by command id, wait for frames.
import { render } from 'ink-testing-library';
import { afterEach } from 'vitest';
import type { AnyAction, GlobalOptions } from '../../src/actions/types.js';
import { type Config, loadConfig } from '../../src/config/index.js';
import { type CommandId, keyOf } from '../../src/tui/keys/bindings.js';
import { sequenceOfKey } from '../../src/tui/keys/key-name.js';
import type { RegistryOpener } from '../../src/tui/services/registry-feed.js';
import { createTheme } from '../../src/tui/theme.js';
import { App } from '../../src/tui/views/app.js';
import { type Workbench, createWorkbench } from '../../src/tui/workbench.js';
import { ROOT } from '../helpers/project.js';
import { waitUntil } from '../helpers/net.js';
import { join } from 'node:path';

export const OPTIONS: GlobalOptions = { json: false, yes: false, debug: false, sandbox: false, interactive: true };

export interface HarnessInput {
  config?: Config;
  catalog?: readonly AnyAction[];
  openRegistry?: RegistryOpener;
  size?: { columns: number; rows: number };
  color?: boolean;
  statusIntervalMs?: number;
  /** Record jobs in (and list earlier runs from) the config folder's .hangar/history.jsonl: off by default, the example project is the repository. */
  history?: boolean;
}

export type Harness = ReturnType<typeof openWorkbench>;

/** Every workbench opened and not yet closed: `closeAfterEach` closes them. */
const opened = new Set<Harness>();

/** Renders the workbench on the example nodes.json (or `config`), NO_COLOR unless `color`. */
export function openWorkbench(input: HarnessInput = {}) {
  const config = input.config ?? loadConfig(join(ROOT, 'nodes.json'));
  const workbench: Workbench = createWorkbench({
    config,
    options: OPTIONS,
    ...(input.catalog ? { catalog: input.catalog } : {}),
    openRegistry: input.openRegistry,
    statusIntervalMs: input.statusIntervalMs ?? 50,
    history: input.history ?? false,
  });
  const size = input.size ?? { columns: 100, rows: 30 };
  const theme = createTheme(input.color ? {} : { NO_COLOR: '1' });
  const app = render(<App services={workbench.services} size={size} mode="sandbox" theme={theme} />);
  workbench.start();
  const frame = () => app.lastFrame() ?? '';
  const harness = {
    app,
    workbench,
    config,
    store: workbench.store,
    frame,
    /** Presses the first key the keymap table binds to `command`. */
    press(command: CommandId) {
      app.stdin.write(sequenceOfKey(keyOf(command)));
    },
    /** Types text one key at a time, as a person would. */
    type(text: string) {
      for (const ch of text) app.stdin.write(ch);
    },
    /** Waits until the last frame passes `check` (a substring or a predicate); returns the frame. */
    async waitFor(check: string | ((frame: string) => boolean), timeoutMs = 5000): Promise<string> {
      const test = typeof check === 'string' ? (f: string) => f.includes(check) : check;
      await waitUntil(() => test(frame()), timeoutMs, typeof check === 'string' ? `a frame with "${check}"` : 'a frame');
      return frame();
    },
    /** Unmounts and disposes the workbench; a second call does nothing. */
    async close() {
      if (!opened.delete(harness)) return;
      app.unmount();
      await workbench.dispose();
    },
  };
  opened.add(harness);
  return harness;
}

/**
 * Call once at a test file's top: after each test, every workbench it opened is closed, then the clean-ups it
 * registered (temporary projects) run, newest first.
 */
export function closeAfterEach(): { cleanup(fn: () => void): void } {
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const harness of [...opened]) await harness.close();
    for (const fn of cleanups.splice(0).reverse()) fn();
  });
  return { cleanup: (fn) => void cleanups.push(fn) };
}
