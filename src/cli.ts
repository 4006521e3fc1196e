// hangar's entry point: argv -> a headless action, the help, or the workbench (TUI).
import { createInterface } from 'node:readline/promises';
import { actionNames, findAction } from './actions/catalog.js';
import { GLOBAL_FLAGS, parseCommand, toGlobalOptions } from './actions/flags.js';
import { formatActionHelp, formatMainHelp, formatReference } from './actions/help.js';
import { resolveGroups } from './actions/invoke.js';
import { didYouMean } from './actions/suggest.js';
import { type AnyAction, type GlobalOptions, isDestructive } from './actions/types.js';
import { type Config, findConfig, loadConfig } from './config/index.js';
import { EXIT, HangarError, formatError, usageError } from './errors.js';
import { formatEvent } from './jobs/events.js';
import { startJob } from './jobs/job.js';
import { describeLeftover } from './jobs/leftover.js';
import { redactUrls } from './redact.js';
import { type Backends, type Runtime, prepareRuntime } from './runtime.js';
import { previewAction } from './jobs/preview.js';
import { capPreview, confirmationHead } from './actions/confirmation.js';

/** Preview lines the CLI's question shows at most. */
const CLI_PREVIEW_LINES = 60;
import pkg from '../package.json' with { type: 'json' };

/** What events, warnings and errors print goes through these: a URL's userinfo (an endpoint's password) never reaches the terminal or a log. */
const writeOut = (text: string) => process.stdout.write(redactUrls(text));
const writeErr = (text: string) => process.stderr.write(redactUrls(text));

/** Global flags that take a value: their value is never the action name. */
const VALUE_FLAGS = new Set(
  Object.entries(GLOBAL_FLAGS)
    .filter(([, spec]) => spec.type !== 'boolean')
    .flatMap(([name, spec]) => [`--${name}`, ...('short' in spec ? [`-${spec.short}`] : [])]),
);

/** Splits argv into the action word (first positional) and the rest. */
export function splitAction(argv: readonly string[]): { word: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (VALUE_FLAGS.has(arg)) {
      i++;
      continue;
    }
    if (!arg.startsWith('-')) return { word: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { word: undefined, rest: [...argv] };
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function loadProjectConfig(options: GlobalOptions): Config {
  const path = findConfig({ config: options.configPath, directory: options.directory });
  const config = loadConfig(path);
  for (const warning of config.warnings) writeErr(`${warning}\n`);
  return config;
}

async function runHeadless(action: AnyAction, argv: string[]): Promise<number> {
  const { positionals, globals, flags } = parseCommand(argv, action);
  if (globals.help) {
    process.stdout.write(`${formatActionHelp(action)}\n`);
    return EXIT.ok;
  }
  const options = toGlobalOptions(globals, process.env, Boolean(process.stdin.isTTY && process.stderr.isTTY));
  const config = action.needsConfig === false ? undefined : loadProjectConfig(options);
  const { groups, allGroups } = resolveGroups(action, config, positionals);

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
    return await runJob(action, groups, flags, config, runtime.options, runtime.backends);
  } finally {
    await runtime.dispose();
  }
}

/** Asks on the terminal, showing the whole command, where it goes and what it would do (the action's preview). */
async function confirmPlan(
  action: AnyAction,
  groups: string[],
  flags: Record<string, unknown>,
  config: Config | undefined,
  allGroups: boolean,
  runtime: Runtime,
): Promise<boolean> {
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
): Promise<number> {
  const job = startJob({ action, groups, flags, config, options, backends, lookup: findAction, record: 'cli' });
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
      for (const line of describeLeftover({ action, groups: job.groups, events: job.events.tail(500) })) process.stderr.write(`  ${line}\n`);
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

async function main(argv: string[]): Promise<number> {
  const { word, rest } = splitAction(argv);
  if (word === undefined) {
    const { globals } = parseCommand(rest);
    if (globals.version) {
      process.stdout.write(`${pkg.version}\n`);
      return EXIT.ok;
    }
    if (globals.help || !process.stdout.isTTY) {
      process.stdout.write(`${formatMainHelp(pkg.version)}\n`);
      if (globals.help) return EXIT.ok;
      // Said on stderr, so a script that captured stdout still learns why it got the help and exit 2.
      writeErr(
        'hangar: no action given and the output is not a terminal, so the workbench cannot start: printed the help (run `hangar ACTION ...` headless)\n',
      );
      return EXIT.usage;
    }
    const options = toGlobalOptions(globals, process.env, true);
    const config = loadProjectConfig(options);
    // The first frame does not wait for the runtime (the sandbox): the workbench starts it once the frame is drawn.
    const { runWorkbench } = await import('./tui/main.js');
    return await runWorkbench({ options, config, prepareRuntime: () => prepareRuntime(options, config) });
  }
  if (word === 'help') {
    const { positionals } = parseCommand(rest.filter((a) => a !== '--markdown'));
    if (rest.includes('--markdown')) {
      process.stdout.write(`${formatReference()}\n`);
      return EXIT.ok;
    }
    const target = positionals[0];
    if (!target) {
      process.stdout.write(`${formatMainHelp(pkg.version)}\n`);
      return EXIT.ok;
    }
    const action = findAction(target);
    if (!action) throw unknownAction(target);
    process.stdout.write(`${formatActionHelp(action)}\n`);
    return EXIT.ok;
  }
  const action = findAction(word);
  if (!action) throw unknownAction(word);
  return runHeadless(action, rest);
}

function unknownAction(word: string): HangarError {
  return usageError('usage.action', `unknown action "${word}"${didYouMean(word, actionNames())}`, { hint: 'see: hangar --help' });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    writeErr(`${formatError(error, debug)}\n`);
    process.exitCode = error instanceof HangarError ? error.exitCode : EXIT.failed;
  },
);
