// One content line on one terminal row, coloured by its tone through the theme; never wraps.
import { Text } from 'ink';
import type { Line, Tone } from '../content/lines.js';
import type { Theme } from '../theme.js';
import { highlightSegments } from '../widgets/reader/reader-reducer.js';
import { useTheme } from './theme-context.js';

export function colorOf(theme: Theme, tone: Tone | undefined): string | undefined {
  if (!tone || tone === 'plain') return undefined;
  return theme[tone];
}

interface Props {
  line: Line;
  /** Highlighted row (cursor): inverse, which reads without colours too. */
  inverse?: boolean;
  /** Search text to highlight (inverse) wherever it occurs in the line. */
  highlight?: string | undefined;
}

export function LineText({ line, inverse = false, highlight }: Props) {
  const theme = useTheme();
  if (highlight && line.text.toLowerCase().includes(highlight.toLowerCase())) {
    return (
      <Text wrap="truncate-end" inverse={inverse} bold={line.bold ?? false}>
        {line.tag ? <Text color={colorOf(theme, line.tag.tone)}>{line.tag.text} </Text> : null}
        {highlightSegments(line.text, highlight).map((segment, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments are positions in one line
          <Text key={i} color={segment.match ? theme.warn : colorOf(theme, line.tone)} inverse={segment.match} bold={segment.match}>
            {segment.text}
          </Text>
        ))}
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" inverse={inverse} bold={line.bold ?? false}>
      {line.tag ? <Text color={colorOf(theme, line.tag.tone)}>{line.tag.text} </Text> : null}
      <Text color={colorOf(theme, line.tone)}>{line.text || ' '}</Text>
    </Text>
  );
}
