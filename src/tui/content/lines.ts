// A line of text with a tone the views colour through the theme (no ANSI codes in content).

export type Tone = 'plain' | 'muted' | 'accent' | 'ok' | 'warn' | 'error' | 'added' | 'removed' | 'hunk' | 'base' | 'group' | 'merged' | 'changed';

export interface Line {
  text: string;
  tone?: Tone;
  /** A short tag shown before the text in its own tone (e.g. the origin of a config key). */
  tag?: { text: string; tone: Tone };
  bold?: boolean;
}

/** Tones of a unified diff's lines. */
export function diffLines(text: string): Line[] {
  if (!text) return [];
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((line): Line => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('Index:')) return { text: line, tone: 'muted', bold: true };
      if (line.startsWith('@@')) return { text: line, tone: 'hunk' };
      if (line.startsWith('+')) return { text: line, tone: 'added' };
      if (line.startsWith('-')) return { text: line, tone: 'removed' };
      if (line.startsWith('\\')) return { text: line, tone: 'muted' };
      return { text: line };
    });
}
