// Ink's (input, key) pair as one key name ('j', 'G', 'enter', 'ctrl-c', ...), and back to the bytes a terminal sends.
import type { Key } from 'ink';

/** The name of a key press as the keymap table writes it. */
export function nameOfKey(input: string, key: Key): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  // Ink reports DEL (0x7f, what most terminals send for backspace) as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.escape) return 'escape';
  if (key.ctrl && input) return `ctrl-${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  return input;
}

/** The name of one character of a run of typed text. */
export function nameOfChar(ch: string): string {
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === '\x7f' || ch === '\b') return 'backspace';
  if (ch === ' ') return 'space';
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  return ch;
}

/** The bytes a terminal sends for a key name: tests write them to stdin, tmux tests send them. */
const SEQUENCES: Record<string, string> = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageup: '\x1b[5~',
  pagedown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  tab: '\t',
  'shift-tab': '\x1b[Z',
  backspace: '\x7f',
  escape: '\x1b',
  space: ' ',
};

export function sequenceOfKey(name: string): string {
  const known = SEQUENCES[name];
  if (known !== undefined) return known;
  const ctrl = /^ctrl-([a-z])$/.exec(name);
  if (ctrl) return String.fromCharCode(ctrl[1]!.charCodeAt(0) - 96);
  return name;
}

/** How a key name reads in the help and the footer. */
export function labelOfKey(name: string): string {
  const labels: Record<string, string> = { up: '↑', down: '↓', pageup: 'pgup', pagedown: 'pgdn', escape: 'esc' };
  return labels[name] ?? name;
}
