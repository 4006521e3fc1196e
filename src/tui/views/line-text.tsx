// One content line on one terminal row, coloured by its tone through the theme; never wraps.
import { Text } from 'ink';
import type { Line, Tone } from '../content/lines.js';
import type { Theme } from '../theme.js';
import { useTheme } from './theme-context.js';

export function colorOf(theme: Theme, tone: Tone | undefined): string | undefined {
  if (!tone || tone === 'plain') return undefined;
  return theme[tone];
}

interface Props {
  line: Line;
  /** Highlighted row (cursor): inverse, which reads without colours too. */
  inverse?: boolean;
}

export function LineText({ line, inverse = false }: Props) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end" inverse={inverse} bold={line.bold ?? false}>
      {line.tag ? <Text color={colorOf(theme, line.tag.tone)}>{line.tag.text} </Text> : null}
      <Text color={colorOf(theme, line.tone)}>{line.text || ' '}</Text>
    </Text>
  );
}
