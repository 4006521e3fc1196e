// Opens the workbench: full screen, the Ink app sized to the terminal, the runtime started after the first frame, cleanup on the way out.
import { render, useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import { messageOf } from '../errors.js';
import { type Backends, type Runtime, destinationOf } from '../runtime.js';
import { enterFullScreen } from './terminal/full-screen.js';
import { createTheme } from './theme.js';
import { App, type AppProps } from './views/app.js';
import { type Workbench, createWorkbench } from './workbench.js';
import type { RegistryOpener } from './services/registry-feed.js';
import { reportAfterQuit } from './services/quit-report.js';

export interface WorkbenchInput {
  options: GlobalOptions;
  config: Config;
  /** Starts the runtime (the in-process sandbox for --sandbox): called once the first frame is on the screen. */
  prepareRuntime: () => Promise<Runtime>;
}

// Every row is used: a frame as tall as the terminal is drawn from the top each time (clear + frame, one write),
// which costs no more than erasing the previous frame's lines.
const sizeOf = (stdout: NodeJS.WriteStream) => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });

/** Reads the terminal size once here, at the root, and again on every resize. */
function Root(props: Omit<AppProps, 'size'>) {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return <App {...props} size={size} />;
}

/**
 * Opens the registry for the service map (sandbox-derived, etcd, or none when nothing is configured); its
 * warnings (a registry entry skipped as bad, said once per key and revision) go to `warn`.
 */
const registryOpener =
  (backends: Backends, config: Config, warn: (message: string) => void): RegistryOpener =>
  () =>
    backends.openRegistry(config, { warn });

/**
 * Starts the runtime once the first frame has been drawn, then the background work (status polling, the
 * registry feed) on it. A runtime that does not start (e.g. an unreadable sandbox state file) closes the
 * workbench through `fail`: the CLI then says why and exits as it would without the screen.
 */
async function startAfterFirstFrame(workbench: Workbench, input: WorkbenchInput, fail: (error: Error) => void): Promise<Runtime | undefined> {
  const { actions } = workbench.store.getState();
  await new Promise((resolve) => setImmediate(resolve));
  let runtime: Runtime;
  try {
    runtime = await input.prepareRuntime();
  } catch (error) {
    fail(error instanceof Error ? error : new Error(messageOf(error)));
    return undefined;
  }
  // The sandbox's own lines would scribble over the screen: they go to the status line instead.
  runtime.sandbox?.setLog((line) => actions.say(line, 'warn', { background: true }));
  const say = (message: string) => actions.say(message, 'warn', { background: true });
  workbench.start({ options: runtime.options, openRegistry: registryOpener(runtime.backends, input.config, say) });
  return runtime;
}

export async function openWorkbench(input: WorkbenchInput): Promise<number> {
  const { options, config } = input;
  const workbench = createWorkbench({ config, options, deferRuntime: true });
  const screen = enterFullScreen(process.stdout);
  let started: Promise<Runtime | undefined> | undefined;
  try {
    const destination = destinationOf(options);
    const instance = render(
      <Root
        services={workbench.services}
        mode={destination.mode}
        endpoint={destination.mode === 'aws' ? destination.endpoint : undefined}
        theme={createTheme(process.env)}
      />,
      { exitOnCtrlC: false, incrementalRendering: false, maxFps: 30 },
    );
    started = startAfterFirstFrame(workbench, input, (error) => instance.unmount(error));
    await instance.waitUntilExit();
    const quitAt = workbench.store.getState().quitAt ?? Date.now();
    // Back on the normal screen first: what the cancelled jobs leave is printed there, as the CLI prints it.
    screen.leave();
    await reportAfterQuit(workbench.store.getState().jobs.list, quitAt, (text) => process.stdout.write(text));
    return 0;
  } finally {
    // The runtime outlives the jobs: they end (dispose) before the sandbox closes.
    const runtime = await started;
    await workbench.dispose();
    screen.leave();
    runtime?.sandbox?.setLog((line) => process.stderr.write(`${line}\n`));
    await runtime?.dispose();
  }
}
