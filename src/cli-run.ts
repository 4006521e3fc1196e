// One headless action run from the command line: its flags, confirmation, config, runtime and job, printed as events.
import { formatActionHelp } from './actions/action-help.js';
import { parseCommand, toGlobalOptions } from './actions/flags.js';
import { type AnyAction, type GlobalOptions, isDestructive } from './actions/types.js';
import type { Config } from './config/index.js';
import { EXIT, HangarError, usageError } from './errors.js';
import { formatEvent } from './jobs/events.js';
import { startJob } from './jobs/job.js';
import { describeLeftover } from './jobs/leftover.js';
import { redactUrls } from './redact.js';
import { type Backends, type Runtime, prepareRuntime } from './runtime.js';

/** What events, warnings and errors print goes through these: a URL's userinfo (an endpoint's password) never reaches the terminal or a log. */
export const writeOut = (text: string) => process.stdout.write(redactUrls(text));
export const writeErr = (text: string) => process.stderr.write(redactUrls(text));

/** Finds an action by name, for a job's ctx.runAction (the full CLI: the catalog). */
export type ActionLookup = (name: string) => AnyAction | undefined;

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** nodes.json, its warnings printed; the config loader is loaded only here (an action with `needsConfig: false` never loads it). */
export async function loadProjectConfig(options: GlobalOptions): Promise<Config> {
  const { findConfig, loadConfig } = await import('./config/index.js');
  const path = findConfig({ config: options.configPath, directory: options.directory });
  const config = loadConfig(path);
  for (const warning of config.warnings) writeErr(`${warning}\n`);
  return config;
}

export async function runHeadless(action: AnyAction, argv: string[], lookup: ActionLookup): Promise<number> {
  const { positionals, globals, flags } = parseCommand(argv, action);
  if (globals.help) {
    process.stdout.write(`${formatActionHelp(action)}\n`);
    return EXIT.ok;
  }
  const options = toGlobalOptions(globals, process.env, Boolean(process.stdin.isTTY && process.stderr.isTTY));
  const config = action.needsConfig === false ? undefined : await loadProjectConfig(options);
  // An action that takes no group and got none runs on none: it needs neither the group matcher nor the requirement checks (the agent's lean path).
  const { groups, allGroups } =
    action.groups === 'none' && positionals.length === 0
      ? { groups: [], allGroups: false }
      : (await import('./actions/invoke.js')).resolveGroups(action, config, positionals);

  const asks = isDestructive(action, { groups, allGroups, flags }) && !options.yes;
  if (asks && !options.interactive) {
    const what = `${action.name} ${allGroups ? '(every group)' : groups.join(' ')}`.trim();
    throw usageError('usage.confirm', `${what} is destructive: pass --yes to run it headless`);
  }

  const runtime = await prepareRuntime(options, config);
  if (runtime.notice) writeErr(`${runtime.notice}\n`);
  try {
    if (asks && !(await confirmPlan(action, groups, flags, config, allGroups, runtime))) {
      process.stderr.write('nothing done\n');
      return EXIT.failed;
    }
    return await runJob(action, groups, flags, config, runtime.options, runtime.backends, lookup);
  } finally {
    await runtime.dispose();
  }
}

/** Preview lines the CLI's question shows at most. */
const CLI_PREVIEW_LINES = 60;

/** Asks on the terminal, showing the whole command, where it goes and what it would do (the action's preview); loaded only when asked. */
async function confirmPlan(
  action: AnyAction,
  groups: string[],
  flags: Record<string, unknown>,
  config: Config | undefined,
  allGroups: boolean,
  runtime: Runtime,
): Promise<boolean> {
  const [{ previewAction }, { capPreview, confirmationHead }] = await Promise.all([import('./jobs/preview.js'), import('./actions/confirmation.js')]);
  if (action.preview) writeErr('working out what it would do…\n');
  const preview = await previewAction({ action, groups, flags, config, options: runtime.options, backends: runtime.backends });
  const head = confirmationHead({ action, groups, flags, destination: { mode: runtime.mode, endpoint: runtime.endpoint }, allGroups });
  const lines = preview ? capPreview(preview, CLI_PREVIEW_LINES).map((line) => line.text) : [];
  writeErr(`${[...head, ...lines].join('\n')}\n`);
  return confirm('Go ahead?');
}

async function runJob(
  action: AnyAction,
  groups: string[],
  flags: Record<string, unknown>,
  config: Config | undefined,
  options: GlobalOptions,
  backends: Backends,
  lookup: ActionLookup,
): Promise<number> {
  const job = startJob({ action, groups, flags, config, options, backends, lookup, record: 'cli' });
  job.subscribe((event) => {
    if (event.type === 'log' && event.level === 'debug' && !options.debug) return;
    if (options.json) {
      writeOut(`${JSON.stringify({ job: job.id, action: action.name, ...event })}\n`);
      return;
    }
    const text = formatEvent(event);
    if (text === undefined) return;
    if (event.type === 'error' || (event.type === 'log' && event.level !== 'info')) {
      writeErr(`${text}\n`);
    } else {
      writeOut(`${text}\n`);
    }
  });
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\ninterrupted: stopping and cleaning up (ctrl-c twice more to quit at once)\n');
      for (const line of describeLeftover({ action, groups: job.groups, events: job.events.tail(500), targetWords: job.targetWords }))
        process.stderr.write(`  ${line}\n`);
      job.cancel('interrupted');
    } else if (interrupts === 2) {
      process.stderr.write('still cleaning up; one more ctrl-c quits now and may leave resources behind\n');
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  try {
    const state = await job.done;
    // A cancelled job's AWS calls are over, but the SDK leaves their retry backoff timers running (up to 20 s): exit without them.
    if (state === 'cancelled') setTimeout(() => process.exit(), 250).unref();
    if (state === 'succeeded') return EXIT.ok;
    // A daemon (agent, service:watch, sandbox:serve) stopped by ctrl-c has done its job.
    if (state === 'cancelled' && action.longRunning) return EXIT.ok;
    return job.error instanceof HangarError ? job.error.exitCode : EXIT.failed;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
