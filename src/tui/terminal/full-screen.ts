// Full screen: the alternate screen and a hidden cursor on enter, both restored on exit, crash and signals.

const ENTER = '\x1b[?1049h\x1b[2J\x1b[H\x1b[?25l';
const LEAVE = '\x1b[?25h\x1b[?1049l';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<(typeof SIGNALS)[number], number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

export interface FullScreen {
  /** Restores the normal screen and the cursor; safe to call more than once. */
  leave(): void;
}

/**
 * Switches `stream` to the alternate screen. Until `leave()`, an uncaught
 * exception, an unhandled rejection or a signal restores the screen first,
 * prints the error on the normal screen and exits.
 */
export function enterFullScreen(stream: NodeJS.WriteStream = process.stdout): FullScreen {
  let active = true;
  const leave = () => {
    if (!active) return;
    active = false;
    try {
      stream.write(LEAVE);
    } catch {
      // the terminal is gone (hang-up): nothing to restore
    }
    process.off('exit', leave);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  const crash = (error: unknown) => {
    leave();
    // The terminal went away (EIO after a hang-up): there is no one to tell.
    if ((error as NodeJS.ErrnoException | undefined)?.code === 'EIO') process.exit(129);
    process.stderr.write(`hangar: the workbench crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
  const onSignal = (signal: (typeof SIGNALS)[number]) => {
    leave();
    process.exit(128 + SIGNAL_NUMBERS[signal]);
  };
  stream.write(ENTER);
  process.on('exit', leave);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return { leave };
}
