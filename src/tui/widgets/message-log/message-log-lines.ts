// The message log as lines: newest first, each message's time and level, then its whole text wrapped to the width.
import type { Line } from '../../content/lines.js';
import type { Message } from '../../store/types.js';
import { wrapText } from '../reader/reader-reducer.js';

const LEVEL_TONE = { info: 'plain', warn: 'warn', error: 'error' } as const;

/** `19:28:03` in UTC (what the history and logs use). */
const clockOf = (ms: number | undefined) => (ms === undefined ? '--:--:--' : new Date(ms).toISOString().slice(11, 19));

export function messageLogLines(messages: readonly Message[], width: number): Line[] {
  if (messages.length === 0) return [{ text: 'no messages yet', tone: 'muted' }];
  const lines: Line[] = [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]!;
    const tone = LEVEL_TONE[message.level];
    lines.push({ text: `${clockOf(message.at)} ${message.level}`, tone: 'muted', bold: true });
    for (const line of message.text.split('\n')) for (const row of wrapText(`  ${line}`, width)) lines.push({ text: row, tone });
  }
  return lines;
}
