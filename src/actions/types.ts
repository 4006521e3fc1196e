// What an action is: one declaration that the CLI, the TUI palette and the help all read.
import type { Requirements } from '../config/requirements.js';
import type { JobContext } from '../jobs/context.js';

export type FlagType = 'string' | 'boolean' | 'number';
type FlagValueOf<T extends FlagType> = T extends 'boolean' ? boolean : T extends 'number' ? number : string;

export interface FlagSpec<T extends FlagType = FlagType> {
  type: T;
  /** One-letter alias, e.g. `n` for `-n 10`. */
  short?: string;
  description: string;
  default?: FlagValueOf<T>;
  /** The value's name in help: `--key PATH`. */
  placeholder?: string;
  /** Numbers: whole numbers only, and the accepted range (every numeric flag declares both ends). */
  integer?: boolean;
  min?: number;
  max?: number;
  /** Numbers: the unit, shown in help and errors (`seconds`). */
  unit?: string;
  /** The command is refused (exit 2) without it: checked as the line is parsed, before anything runs. */
  required?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** The parsed flags of an action: a flag with a default is always set. */
export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]: F[K] extends { default: unknown } ? FlagValueOf<F[K]['type']> : FlagValueOf<F[K]['type']> | undefined;
};

/** Options every command takes (before or after the action name). */
export interface GlobalOptions {
  /** Path of nodes.json, already resolved (undefined until found). */
  configPath?: string | undefined;
  directory?: string | undefined;
  json: boolean;
  yes: boolean;
  debug: boolean;
  /** --endpoint or AWS_ENDPOINT_URL: where every AWS client goes. */
  endpoint?: string | undefined;
  /** --sandbox: start the local sandbox in-process and point the clients at it. */
  sandbox: boolean;
  /** A person is at a terminal that can answer a question. */
  interactive: boolean;
  /** --wait-lock: seconds to wait for a lock another operator holds (default: fail at once; generation waits a short while). */
  waitLock?: number | undefined;
}

/**
 * How an action takes groups:
 * - `none`: takes no groups;
 * - `required`: one or more (names or globs);
 * - `all-by-default`: none given means every group.
 */
export type GroupArity = 'none' | 'required' | 'all-by-default';

/** A job's context plus the command's global options; actions with `needsConfig: false` must not read `config`. */
export interface ActionContext extends JobContext {
  readonly options: GlobalOptions;
}

export interface DestructiveInput {
  groups: readonly string[];
  /** No group was named and the action took every group. */
  allGroups: boolean;
  flags: Record<string, unknown>;
}

export interface ActionDefinition<F extends FlagSpecs = FlagSpecs> {
  /** `namespace:action`, or a bare word (`plan`, `agent`). */
  name: string;
  aliases?: readonly string[];
  /** One line for lists and the palette. */
  summary: string;
  /** Paragraphs for `hangar help ACTION`. */
  description?: string;
  groups: GroupArity;
  flags: F;
  /** Asks first (TUI) or needs --yes headless (CLI). A function decides from the input. */
  destructive?: boolean | ((input: DestructiveInput) => boolean);
  /** For a destructive function: when it is destructive, in words, for the help (e.g. "when no group is named"). */
  destructiveWhen?: string;
  /** Defaults to true: the action reads nodes.json. */
  needsConfig?: boolean;
  /**
   * Keys each of its groups must have after the merge (`region`, `source_ami`, ...; `packer`: not
   * `"packer": false`; `autoscale`: an autoscale object), checked before it runs (invoke.ts): exit 2.
   */
  requires?: Requirements;
  /** Talks to AWS (so --endpoint/--sandbox matter); shown in help. */
  usesAws?: boolean;
  /** Runs until stopped (agent, service:watch, sandbox:serve): the TUI does not offer it. */
  longRunning?: boolean;
  /**
   * What the job locks before it runs (src/locks): `groups` for an action that changes AWS (one lock per group),
   * `project` for one that writes generated files. A function decides from the flags (e.g. none with --dry-run).
   */
  locks?: 'groups' | 'project' | ((flags: Record<string, unknown>) => 'groups' | 'project' | undefined);
  run(ctx: ActionContext, groups: string[], flags: FlagValues<F>): Promise<void>;
  /**
   * What running it now would do, worked out like its dry run and changing nothing (the AMIs that go and
   * those kept, the ASGs replaced, the hosts touched): the confirmation shows it, in the CLI and the TUI alike.
   */
  preview?(ctx: ActionContext, groups: string[], flags: FlagValues<F>): Promise<PreviewLine[]>;
}

/** One line of a preview; its tone says whether the thing goes, stays or changes. */
export interface PreviewLine {
  text: string;
  tone?: 'remove' | 'keep' | 'change' | 'warn' | undefined;
}

export type AnyAction = ActionDefinition<FlagSpecs>;

/** Declares an action; keeps the flag types for `run`. */
export function defineAction<const F extends FlagSpecs>(definition: ActionDefinition<F>): AnyAction {
  return definition as unknown as AnyAction;
}

export function isDestructive(action: AnyAction, input: DestructiveInput): boolean {
  const { destructive } = action;
  return typeof destructive === 'function' ? destructive(input) : Boolean(destructive);
}
