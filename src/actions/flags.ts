// Parse a command line (CLI argv or a TUI palette line) with util.parseArgs into groups, flags and global options.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { usageError } from '../errors.js';
import type { AnyAction, FlagSpec, FlagSpecs, GlobalOptions } from './types.js';

/** Options every command accepts, before or after the action. */
export const GLOBAL_FLAGS = {
  config: { type: 'string', placeholder: 'PATH', description: 'nodes.json to use (default: ./nodes.json)' },
  directory: { type: 'string', short: 'C', placeholder: 'DIR', description: 'run as if started in DIR' },
  json: { type: 'boolean', description: 'print one JSON object per event' },
  yes: { type: 'boolean', short: 'y', description: 'answer yes to confirmations (needed headless for destructive actions)' },
  debug: { type: 'boolean', description: 'show stack traces and debug lines' },
  endpoint: { type: 'string', placeholder: 'URL', description: 'send every AWS call to URL (also AWS_ENDPOINT_URL)' },
  sandbox: { type: 'boolean', description: 'start the local sandbox in-process and use it instead of AWS' },
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

/** Parses argv against the global flags plus one action's flags (none when `action` is undefined). */
export function parseCommand(argv: readonly string[], action?: AnyAction): ParsedCommand {
  const specs: FlagSpecs = { ...GLOBAL_FLAGS, ...action?.flags };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: toParseArgsOptions(specs), allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw usageError('usage.flag', action ? `${action.name}: ${message}` : message, {
      hint: action ? `see: hangar help ${action.name}` : 'see: hangar --help',
    });
  }
  const globals: Record<string, unknown> = {};
  const flags: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    if (action && name in action.flags) flags[name] = coerce(action.name, name, action.flags[name]!, raw);
    else globals[name] = raw;
  }
  return { positionals: parsed.positionals, globals: globals as GlobalFlagValues, flags: action ? withDefaults(action, flags) : flags };
}

/** Fills defaults and checks a flag record (also for flags passed in code, e.g. runAction). */
export function withDefaults(action: AnyAction, flags: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(action.flags)) {
    const value = flags[name] === undefined ? spec.default : coerce(action.name, name, spec, flags[name]);
    if (value !== undefined) out[name] = value;
  }
  for (const name of Object.keys(flags)) {
    if (!(name in action.flags)) throw usageError('usage.flag', `${action.name}: unknown flag --${name}`);
  }
  return out;
}

function coerce(actionName: string, name: string, spec: FlagSpec, raw: unknown): unknown {
  if (spec.type !== 'number' || typeof raw === 'number') return checkNumber(actionName, name, spec, raw);
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw usageError('usage.flag', `${actionName}: --${name} expects a number, got "${String(raw)}"`);
  }
  return checkNumber(actionName, name, spec, value);
}

function checkNumber(actionName: string, name: string, spec: FlagSpec, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (spec.integer && !Number.isInteger(value)) throw usageError('usage.flag', `${actionName}: --${name} expects a whole number, got ${value}`);
  if (spec.min !== undefined && value < spec.min) throw usageError('usage.flag', `${actionName}: --${name} must be at least ${spec.min}, got ${value}`);
  if (spec.max !== undefined && value > spec.max) throw usageError('usage.flag', `${actionName}: --${name} must be at most ${spec.max}, got ${value}`);
  return value;
}

/** Global options from parsed flags and the environment. */
export function toGlobalOptions(globals: GlobalFlagValues, env: NodeJS.ProcessEnv, interactive: boolean): GlobalOptions {
  return {
    configPath: globals.config,
    directory: globals.directory,
    json: Boolean(globals.json),
    yes: Boolean(globals.yes),
    debug: Boolean(globals.debug),
    endpoint: globals.endpoint ?? (env.AWS_ENDPOINT_URL || undefined),
    sandbox: Boolean(globals.sandbox),
    interactive,
  };
}

/** Splits a palette line into argv: whitespace separates, quotes group, backslash escapes. */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) throw usageError('usage.quote', `unclosed ${quote} in: ${line}`);
  if (started) out.push(current);
  return out;
}
