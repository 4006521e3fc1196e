// The command palette: the typed line, suggestions (actions with their summary, groups, flags), an error.
import { Text } from 'ink';
import { fit } from '../../../format/time.js';
import { PaneBox } from '../../views/pane-box.js';
import { useTheme } from '../../views/theme-context.js';
import type { Suggestion } from './palette-reducer.js';

export interface PaletteProps {
  text: string;
  /** Where typing inserts (default: the end). */
  cursor?: number;
  /** A line that would run, in palette syntax, shown under an error. */
  example?: string | undefined;
  suggestions: readonly Suggestion[];
  choice: number;
  /** The groups the action will run on when the line names none. */
  targets: readonly string[];
  /** Usage and summary of the action typed so far, when it is known. */
  usage: string | undefined;
  error: string | undefined;
  width: number;
  height: number;
}

export function Palette({ text, cursor = text.length, example, suggestions, choice, targets, usage, error, width, height }: PaletteProps) {
  const theme = useTheme();
  const inner = width - 2;
  const shownExample = error ? example : undefined;
  const rows = Math.max(0, height - 4 - (error ? 1 : 0) - (shownExample ? 1 : 0) - (usage ? 1 : 0));
  const first = Math.max(0, Math.min(choice - rows + 1, suggestions.length - rows));
  const shown = suggestions.slice(first, first + rows);
  const nameWidth = Math.min(24, Math.max(0, ...shown.map((s) => s.value.length)) + 2);
  const on = targets.length === 0 ? 'no group' : fit(targets.join(' '), inner - 30);
  return (
    <PaneBox title="command" note={`on: ${on}  tab complete · ↑ history · enter run · esc close`} width={width} height={height} focused>
      <Text wrap="truncate-start">
        <Text color={theme.accent}>:</Text>
        {text.slice(0, cursor)}
        <Text inverse>{text[cursor] ?? ' '}</Text>
        {text.slice(cursor + 1)}
      </Text>
      {usage ? (
        <Text color={theme.muted} wrap="truncate-end">
          {usage}
        </Text>
      ) : null}
      {error ? (
        <Text color={theme.error} wrap="truncate-end">
          {error}
        </Text>
      ) : null}
      {shownExample ? (
        <Text color={theme.muted} wrap="truncate-end">
          e.g. {shownExample}
        </Text>
      ) : null}
      {shown.map((s, i) => (
        <Text key={s.value} wrap="truncate-end" inverse={first + i === choice}>
          {` ${s.value.padEnd(nameWidth)}`}
          <Text color={theme.muted}>{s.detail}</Text>
        </Text>
      ))}
    </PaneBox>
  );
}
