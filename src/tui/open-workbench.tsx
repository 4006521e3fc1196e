// Opens the workbench: full screen, the Ink app sized to the terminal, cleanup on the way out.
import { render, useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { GlobalOptions } from '../actions/types.js';
import type { Config } from '../config/index.js';
import type { Backends, Runtime } from '../runtime.js';
import { enterFullScreen } from './terminal/full-screen.js';
import { createTheme } from './theme.js';
import { App, type AppProps } from './views/app.js';
import { createWorkbench } from './workbench.js';
import type { RegistryOpener } from './services/registry-feed.js';
import { reportAfterQuit } from './services/quit-report.js';

export interface WorkbenchInput {
  options: GlobalOptions;
  config: Config;
  runtime: Runtime;
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

export async function openWorkbench({ options, config, runtime }: WorkbenchInput): Promise<number> {
  // The store exists only once the workbench does: registry warnings reach its status line through this.
  let say: (message: string) => void = () => undefined;
  const workbench = createWorkbench({ config, options, openRegistry: registryOpener(runtime.backends, config, (message) => say(message)) });
  say = (message) => workbench.store.getState().actions.say(message, 'warn');
  const screen = enterFullScreen(process.stdout);
  // The sandbox's own lines would scribble over the screen: they go to the status line instead.
  runtime.sandbox?.setLog((line) => workbench.store.getState().actions.say(line, 'warn'));
  try {
    const instance = render(
      <Root
        services={workbench.services}
        mode={runtime.mode}
        endpoint={runtime.mode === 'aws' ? runtime.endpoint : undefined}
        theme={createTheme(process.env)}
      />,
      {
        exitOnCtrlC: false,
        incrementalRendering: false,
        maxFps: 30,
      },
    );
    workbench.start();
    await instance.waitUntilExit();
    const quitAt = workbench.store.getState().quitAt ?? Date.now();
    // Back on the normal screen first: what the cancelled jobs leave is printed there, as the CLI prints it.
    screen.leave();
    await reportAfterQuit(workbench.store.getState().jobs.list, quitAt, (text) => process.stdout.write(text));
    return 0;
  } finally {
    await workbench.dispose();
    screen.leave();
    runtime.sandbox?.setLog((line) => process.stderr.write(`${line}\n`));
  }
}
