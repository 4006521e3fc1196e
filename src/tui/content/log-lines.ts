// The visible window of a job's log: the newest lines when following, else a fixed window from `top`.
import { type JobEvent, formatEvent } from '../../jobs/events.js';
import type { Job } from '../../jobs/job.js';
import { wrapText } from '../widgets/reader/reader-reducer.js';
import type { Line, Tone } from './lines.js';

function toneOf(event: JobEvent): Tone {
  switch (event.type) {
    case 'log':
      return event.level === 'warn' ? 'warn' : event.level === 'error' ? 'error' : event.level === 'debug' ? 'muted' : 'plain';
    case 'error':
      return 'error';
    case 'step':
      return 'accent';
    case 'progress':
    case 'wait':
      return 'muted';
    case 'result':
      return 'plain';
  }
}

/** The text an event shows in the log, or undefined (a debug line when not debugging, a result with data only). */
function textOf(event: JobEvent, debug: boolean): string | undefined {
  if (!debug && event.type === 'log' && event.level === 'debug') return undefined;
  return formatEvent(event);
}

function linesOf(events: readonly JobEvent[], debug: boolean, wrapWidth: number | undefined): Line[] {
  const out: Line[] = [];
  for (const event of events) {
    const text = textOf(event, debug);
    if (text === undefined) continue;
    const tone = toneOf(event);
    for (const line of text.split('\n')) {
      if (wrapWidth === undefined) out.push({ text: line, tone });
      else for (const row of wrapText(line, wrapWidth)) out.push({ text: row, tone });
    }
  }
  return out;
}

/** Every kept event's text with its absolute index (what a search looks through, what a saved log holds). */
export function logTexts(job: Job, debug = false): { index: number; text: string }[] {
  const { events } = job;
  const dropped = events.total - events.length;
  const out: { index: number; text: string }[] = [];
  events.slice(0, events.length).forEach((event, i) => {
    const text = textOf(event, debug);
    if (text !== undefined) out.push({ index: dropped + i, text });
  });
  return out;
}

export interface LogWindow {
  lines: Line[];
  /** Absolute index (counting dropped events) of the first event shown. */
  top: number;
  /** Events ever emitted; `total - kept` were dropped from the ring buffer. */
  total: number;
  kept: number;
}

/** At most `rows` lines of the job's log (wrapped to `wrapWidth` when given); reads only the events it shows. */
export function logWindow(job: Job, rows: number, follow: boolean, top: number, debug = false, wrapWidth?: number): LogWindow {
  const { events } = job;
  const dropped = events.total - events.length;
  if (follow) {
    // Some events show no line (a result without text, a debug line): read a few more than needed.
    const lines = linesOf(events.tail(rows * 2), debug, wrapWidth);
    return { lines: lines.slice(Math.max(0, lines.length - rows)), top: Math.max(dropped, events.total - rows), total: events.total, kept: events.length };
  }
  const first = Math.min(Math.max(top, dropped), Math.max(dropped, events.total - 1));
  const lines = linesOf(events.slice(first - dropped, first - dropped + rows * 2), debug, wrapWidth);
  return { lines: lines.slice(0, rows), top: first, total: events.total, kept: events.length };
}
