// The visible window of a job's log: the newest lines when following, else a fixed window from `top`.
import { type JobEvent, formatEvent } from '../../jobs/events.js';
import type { Job } from '../../jobs/job.js';
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
      return 'muted';
    case 'result':
      return 'plain';
  }
}

function linesOf(events: readonly JobEvent[], debug: boolean): Line[] {
  const out: Line[] = [];
  for (const event of events) {
    if (!debug && event.type === 'log' && event.level === 'debug') continue;
    const text = formatEvent(event);
    if (text === undefined) continue;
    const tone = toneOf(event);
    for (const line of text.split('\n')) out.push({ text: line, tone });
  }
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

/** At most `rows` lines of the job's log; reads only the events it shows. */
export function logWindow(job: Job, rows: number, follow: boolean, top: number, debug = false): LogWindow {
  const { events } = job;
  const dropped = events.total - events.length;
  if (follow) {
    // Some events show no line (a result without text, a debug line): read a few more than needed.
    const lines = linesOf(events.tail(rows * 2), debug);
    return { lines: lines.slice(Math.max(0, lines.length - rows)), top: Math.max(dropped, events.total - rows), total: events.total, kept: events.length };
  }
  const first = Math.min(Math.max(top, dropped), Math.max(dropped, events.total - 1));
  const lines = linesOf(events.slice(first - dropped, first - dropped + rows * 2), debug);
  return { lines: lines.slice(0, rows), top: first, total: events.total, kept: events.length };
}
