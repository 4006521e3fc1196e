// The typed events an action emits while it runs; CLI and TUI switch on `type`.
import { redactUrls } from '../redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

interface EventBase {
  /** ms since the epoch */
  at: number;
  /** The node group the event is about, when there is one. */
  group?: string;
  /** A finer source inside the group: an instance id, a host. */
  source?: string;
}

export type JobEvent = EventBase &
  (
    | { type: 'log'; level: LogLevel; message: string }
    | { type: 'progress'; current: number; total: number; label?: string }
    | { type: 'step'; name: string }
    /** A timed wait begins (a drain, a health timeout, a pause): at most `seconds` from `at`; ends at the next step or wait. */
    | { type: 'wait'; label: string; seconds: number }
    | { type: 'result'; data: unknown; text?: string }
    | { type: 'error'; message: string; code?: string; hint?: string }
  );

export type JobEventType = JobEvent['type'];

/** Where an event is about: a group and optionally a source inside it. */
export interface Scope {
  group?: string | undefined;
  source?: string | undefined;
}

/** The emitting half an action sees (ctx.log, ctx.progress, ...). */
export interface Emitter {
  log(message: string, scope?: Scope): void;
  warn(message: string, scope?: Scope): void;
  debug(message: string, scope?: Scope): void;
  progress(current: number, total: number, label?: string, scope?: Scope): void;
  step(name: string, scope?: Scope): void;
  /**
   * Says a timed wait starts now, for at most `seconds`: the workbench counts it down, --json carries it.
   * It prints no line of its own: say the wait in words too (a log line or a step).
   */
  wait(label: string, seconds: number, scope?: Scope): void;
  /** The outcome: `data` for --json, `text` (may be several lines) for people. */
  result(data: unknown, text?: string, scope?: Scope): void;
}

export function createEmitter(push: (event: JobEvent) => void): Emitter {
  const base = (scope: Scope | undefined) => ({
    at: Date.now(),
    ...(scope?.group === undefined ? {} : { group: scope.group }),
    ...(scope?.source === undefined ? {} : { source: scope.source }),
  });
  return {
    log: (message, scope) => push({ ...base(scope), type: 'log', level: 'info', message }),
    warn: (message, scope) => push({ ...base(scope), type: 'log', level: 'warn', message }),
    debug: (message, scope) => push({ ...base(scope), type: 'log', level: 'debug', message }),
    progress: (current, total, label, scope) => push({ ...base(scope), type: 'progress', current, total, ...(label === undefined ? {} : { label }) }),
    step: (name, scope) => push({ ...base(scope), type: 'step', name }),
    wait: (label, seconds, scope) => push({ ...base(scope), type: 'wait', label, seconds }),
    result: (data, text, scope) => push({ ...base(scope), type: 'result', data, ...(text === undefined ? {} : { text }) }),
  };
}

/**
 * The text of an event as the CLI prints it and the TUI's log pane shows it;
 * undefined for a result that only carries data and for a timed wait (both shown with --json). A URL's userinfo is never shown.
 */
export function formatEvent(event: JobEvent): string | undefined {
  const text = formatEventText(event);
  return text === undefined ? undefined : redactUrls(text);
}

function formatEventText(event: JobEvent): string | undefined {
  const prefix = [event.group, event.source].filter(Boolean).join(' ');
  const tag = prefix ? `[${prefix}] ` : '';
  switch (event.type) {
    case 'log':
      return `${tag}${event.level === 'warn' ? 'warning: ' : event.level === 'error' ? 'error: ' : ''}${event.message}`;
    case 'progress':
      return `${tag}${event.label ?? 'progress'}: ${event.current}/${event.total}`;
    case 'step':
      return `${tag}==> ${event.name}`;
    case 'wait':
      // Shown as a live countdown in the workbench and as a field in --json; the action says the wait in words (log/step).
      return undefined;
    case 'result':
      return event.text;
    case 'error':
      return `${tag}error: ${event.message}${event.hint ? `\nhint: ${event.hint}` : ''}`;
  }
}
