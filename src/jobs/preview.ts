// Runs an action's preview (what it would do, changing nothing) with the context a job would give it, for a confirmation.
import type { ActionContext, AnyAction, GlobalOptions, PreviewLine } from '../actions/types.js';
import type { Backends } from '../backends.js';
import type { Config } from '../config/index.js';
import { HangarError, messageOf } from '../errors.js';
import { redactUrls } from '../redact.js';
import { chooseBackends } from '../runtime.js';
import { createEmitter } from './events.js';

/** How long a preview may take before the confirmation says it could not tell. */
export const PREVIEW_TIMEOUT_MS = 20_000;

export interface PreviewSpec {
  action: AnyAction;
  groups: readonly string[];
  /** Parsed flags, defaults filled. */
  flags: Record<string, unknown>;
  config: Config | undefined;
  options: GlobalOptions;
  backends?: Backends | undefined;
  /** Aborted when the confirmation is answered or closed first. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
}

/**
 * The action's preview lines, its warnings among them; undefined when it declares none. A preview that fails
 * (AWS unreachable, a group without AMIs) is one warning line saying so: the question is still asked.
 */
export async function previewAction(spec: PreviewSpec): Promise<PreviewLine[] | undefined> {
  const { action } = spec;
  if (!action.preview || !spec.config) return undefined;
  const warnings: PreviewLine[] = [];
  const emit = createEmitter((event) => {
    if (event.type === 'log' && event.level === 'warn') warnings.push({ text: `warning: ${event.message}`, tone: 'warn' });
  });
  const signals = [AbortSignal.timeout(spec.timeoutMs ?? PREVIEW_TIMEOUT_MS), ...(spec.signal ? [spec.signal] : [])];
  const backends = spec.backends ?? chooseBackends(spec.options);
  const config = spec.config;
  const ctx: ActionContext = {
    config,
    options: spec.options,
    backends,
    signal: AbortSignal.any(signals),
    emit,
    runAction: () => Promise.reject(new HangarError('internal.preview', `${action.name}: a preview runs no other action`)),
  };
  try {
    const lines = await action.preview(ctx, [...spec.groups], spec.flags as never);
    return [...lines, ...warnings].map((line) => ({ ...line, text: redactUrls(line.text) }));
  } catch (error) {
    const explained = action.usesAws ? await backends.explainError(error) : error;
    const why = ctx.signal.aborted && !spec.signal?.aborted ? `no answer within ${(spec.timeoutMs ?? PREVIEW_TIMEOUT_MS) / 1000} s` : messageOf(explained);
    return [...warnings, { text: redactUrls(`could not tell what would change: ${why}`), tone: 'warn' }];
  }
}
