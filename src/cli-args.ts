// The action word of a command line, found before anything else loads (src/cli.ts picks the entry from it).
import { GLOBAL_FLAGS } from './actions/flags.js';

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
