// Parse a command line (CLI argv or a TUI palette line) with util.parseArgs into groups, flags and global options.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type HangarError, usageError } from '../errors.js';
import { redactUrls } from '../redact.js';
import { coerceFlag } from './flag-values.js';
import { didYouMean } from './suggest.js';
import type { AnyAction, FlagSpecs, GlobalOptions } from './types.js';

/** The longest --wait-lock: a day. */
export const MAX_WAIT_LOCK = 86_400;

/** Options every command accepts, before or after the action. */
export const GLOBAL_FLAGS = {
  config: { type: 'string', placeholder: 'PATH', description: 'nodes.json to use (default: ./nodes.json)' },
  directory: { type: 'string', short: 'C', placeholder: 'DIR', description: 'run as if started in DIR' },
  json: { type: 'boolean', description: 'print one JSON object per event' },
  yes: { type: 'boolean', short: 'y', description: 'answer yes to confirmations (needed headless for destructive actions)' },
  debug: { type: 'boolean', description: 'show stack traces and debug lines' },
  endpoint: { type: 'string', placeholder: 'URL', description: 'send every AWS call to URL (also AWS_ENDPOINT_URL)' },
  sandbox: { type: 'boolean', description: 'start the local sandbox in-process and use it instead of AWS' },
  'wait-lock': {
    type: 'number',
    min: 0,
    placeholder: 'SECONDS',
    description: `wait up to SECONDS (at most ${MAX_WAIT_LOCK}) for another operator's lock on a group instead of exiting 1 at once`,
  },
  help: { type: 'boolean', short: 'h', description: 'show help' },
  version: { type: 'boolean', description: 'print the version' },
} as const satisfies FlagSpecs;

export type GlobalFlagValues = {
  config?: string;
  directory?: string;
  json?: boolean;
  yes?: boolean;
  debug?: boolean;
  endpoint?: string;
  sandbox?: boolean;
  'wait-lock'?: string;
  help?: boolean;
  version?: boolean;
};

export interface ParsedCommand {
  positionals: string[];
  globals: GlobalFlagValues;
  flags: Record<string, unknown>;
}

function toParseArgsOptions(specs: FlagSpecs): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string', ...(spec.short ? { short: spec.short } : {}) };
  }
  return options;
}

/** The long name a `--name` or `-x` argument refers to, if it is one of `specs`. */
function flagNameOf(arg: string, specs: FlagSpecs): string | undefined {
  if (arg.startsWith('--')) return arg.slice(2) in specs ? arg.slice(2) : undefined;
  if (/^-[A-Za-z]$/.test(arg)) return Object.entries(specs).find(([, spec]) => spec.short === arg[1])?.[0];
  return undefined;
}

/** `-n -3` as `--keep=-3`: a negative number is a value (then a range error), not a flag. */
function joinNegativeValues(argv: readonly string[], specs: FlagSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const name = flagNameOf(arg, specs);
    const next = argv[i + 1];
    if (name && specs[name]!.type === 'number' && next !== undefined && /^-(\d|\.\d|Infinity$)/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Node's parseArgs errors, said in hangar's words, with the closest flag for a typo. */
function explainParseError(error: Error & { code?: string }, specs: FlagSpecs, action: AnyAction | undefined): HangarError {
  const where = action ? `${action.name}: ` : '';
  const hint = action ? `see: hangar help ${action.name}` : 'see: hangar --help';
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  const name = flagNameOf(option.replace(/,$/, ''), specs);
  const known = Object.entries(specs).flatMap(([long, spec]) => [`--${long}`, ...(spec.short ? [`-${spec.short}`] : [])]);
  let message: string;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    message = `unknown flag ${option}${didYouMean(option, known)}`;
  } else if (name && /does not take an argument/.test(error.message)) {
    message = `--${name} takes no value`;
  } else if (name && /ambiguous/.test(error.message)) {
    message = `--${name} needs a value; to give one starting with "-", write --${name}=VALUE`;
  } else if (name) {
    message = `--${name} needs a value (${specs[name]!.placeholder ?? (specs[name]!.type === 'number' ? 'N' : 'VALUE')})`;
  } else {
    message = error.message.replace(/\. To specify a positional argument.*$/s, '');
  }
  return usageError('usage.flag', `${where}${message}`, { hint });
}

/** Parses argv against the global flags plus one action's flags (none when `action` is undefined). */
export function parseCommand(argv: readonly string[], action?: AnyAction): ParsedCommand {
  const specs: FlagSpecs = { ...GLOBAL_FLAGS, ...action?.flags };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    const args = joinNegativeValues(argv, specs);
    parsed = parseArgs({ args, options: toParseArgsOptions(specs), allowPositionals: true, strict: true });
  } catch (error) {
    throw explainParseError(error as Error, specs, action);
  }
  const globals: Record<string, unknown> = {};
  const flags: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    if (action && name in action.flags) flags[name] = coerceFlag(action.name, name, action.flags[name]!, raw);
    else globals[name] = raw;
  }
  if (action && !parsed.values.help) checkRequiredFlags(action, flags);
  return { positionals: parsed.positionals, globals: globals as GlobalFlagValues, flags: action ? withDefaults(action, flags) : flags };
}

/** Flags an action declares `required`: missing is a usage error that names each with its value (before anything runs). */
export function checkRequiredFlags(action: AnyAction, flags: Record<string, unknown>): void {
  const missing = Object.entries(action.flags).filter(([name, spec]) => spec.required && flags[name] === undefined);
  if (missing.length === 0) return;
  const said = missing.map(([name, spec]) => `--${name} ${spec.placeholder ?? 'VALUE'}`).join(' and ');
  throw usageError('usage.flag', `${action.name} needs ${said}`, { hint: `see: hangar help ${action.name}` });
}

/** Fills defaults and checks a flag record (also for flags passed in code, e.g. runAction). */
export function withDefaults(action: AnyAction, flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(action.flags)) {
    const value = flags[name] === undefined ? spec.default : coerceFlag(action.name, name, spec, flags[name]);
    if (value !== undefined) out[name] = value;
  }
  for (const name of Object.keys(flags)) {
    if (!(name in action.flags)) {
      throw usageError(
        'usage.flag',
        `${action.name}: unknown flag --${name}${didYouMean(
          `--${name}`,
          Object.keys(action.flags).map((n) => `--${n}`),
        )}`,
      );
    }
  }
  return out;
}

/** Global options from parsed flags and the environment. */
export function toGlobalOptions(globals: GlobalFlagValues, env: NodeJS.ProcessEnv, interactive: boolean): GlobalOptions {
  return {
    configPath: globals.config,
    directory: globals.directory,
    json: Boolean(globals.json),
    yes: Boolean(globals.yes),
    debug: Boolean(globals.debug),
    endpoint: parseEndpoint(globals.endpoint, env.AWS_ENDPOINT_URL),
    sandbox: Boolean(globals.sandbox),
    interactive,
    ...(globals['wait-lock'] === undefined ? {} : { waitLock: parseWaitLock(globals['wait-lock']) }),
  };
}

/**
 * --endpoint, else AWS_ENDPOINT_URL: an http(s) URL with nothing around it. It is printed in hints and commands
 * people copy, so a value with spaces or control characters is refused here (exit 2), not at the first AWS call.
 */
function parseEndpoint(flag: string | undefined, fromEnv: string | undefined): string | undefined {
  const raw = flag ?? (fromEnv || undefined);
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && !/[\s\x00-\x1f\x7f]/.test(raw)) return raw;
  const source = flag === undefined ? 'AWS_ENDPOINT_URL' : '--endpoint';
  throw usageError('usage.flag', `${source} expects an http:// or https:// URL, got ${JSON.stringify(redactUrls(raw))}`, {
    hint: 'e.g. --endpoint http://127.0.0.1:4566',
  });
}

function parseWaitLock(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_WAIT_LOCK) {
    throw usageError('usage.flag', `--wait-lock expects seconds from 0 to ${MAX_WAIT_LOCK}, got "${raw}"`);
  }
  return value;
}
