// A private tmux server for end-to-end workbench tests: run a command in a session, send keys, wait for what the screen shows.
import { execa } from 'execa';
import { waitUntil } from './net.js';

/**
 * A driver for one test file: `tmux` runs any tmux command on the test's own server (never the user's tmux);
 * `capture` reads the pane (`joined`: wrapped lines joined); `screenWith` polls until `check` holds, with a
 * deadline, and its error shows the last screen.
 */
export function tmuxDriver(name: string, options: { joined?: boolean; timeoutMs?: number } = {}) {
  const socket = `hangar-${name}-${process.pid}-${Date.now().toString(36)}`;
  const session = 'wb';
  const tmux = (...args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
  const capture = async () => (await tmux('capture-pane', '-p', ...(options.joined ? ['-J'] : []), '-t', session)).stdout;
  const screenWith = async (check: (screen: string) => boolean, what: string, timeoutMs = options.timeoutMs ?? 15_000) => {
    let last = '';
    try {
      await waitUntil(
        async () => {
          last = await capture();
          return check(last);
        },
        timeoutMs,
        what,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- screen ---\n${last}`);
    }
    return last;
  };
  return { session, tmux, capture, screenWith };
}
