// The full CLI (src/cli.ts loads it for every action word but `agent`): a headless action, the help, or the workbench (TUI).
import { actionNames, findAction } from './actions/catalog.js';
import { parseCommand, toGlobalOptions } from './actions/flags.js';
import { formatActionHelp, formatMainHelp, formatReference } from './actions/help.js';
import { didYouMean } from './actions/suggest.js';
import { splitAction } from './cli-args.js';
import { loadProjectConfig, runHeadless, writeErr } from './cli-run.js';
import { EXIT, type HangarError, usageError } from './errors.js';
import { prepareRuntime } from './runtime.js';
import pkg from '../package.json' with { type: 'json' };

/** Everything but the lean agent path: the workbench, the help, every action of the catalog. */
export async function main(argv: string[]): Promise<number> {
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
    // The workbench's code loads while nodes.json is read; the first frame does not wait for the runtime (the
    // sandbox): the workbench starts it once the frame is drawn.
    const workbench = import('./tui/main.js');
    void workbench.then(
      (module) => module.preloadWorkbench(),
      () => undefined,
    );
    const config = await loadProjectConfig(options);
    const { runWorkbench } = await workbench;
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
  return runHeadless(action, rest, findAction);
}

function unknownAction(word: string): HangarError {
  return usageError('usage.action', `unknown action "${word}"${didYouMean(word, actionNames())}`, { hint: 'see: hangar --help' });
}
