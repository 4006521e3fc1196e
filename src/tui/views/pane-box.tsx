// A bordered pane of a fixed size with a title line; the focused one has a double border (visible without colour).
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from './theme-context.js';

interface Props {
  title: string;
  /** Right side of the title line (counts, hints). */
  note?: string | undefined;
  width: number;
  height: number;
  focused?: boolean;
  children: ReactNode;
}

export function PaneBox({ title, note, width, height, focused = false, children }: Props) {
  const theme = useTheme();
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      borderStyle={focused ? 'double' : 'single'}
      borderColor={focused ? theme.accent : theme.muted}
      overflow="hidden"
    >
      <Box width={width - 2} height={1} overflow="hidden">
        <Box flexShrink={0}>
          <Text bold color={focused ? theme.accent : undefined} wrap="truncate-end">
            {title}
          </Text>
        </Box>
        {note ? (
          <Box flexGrow={1} justifyContent="flex-end" overflow="hidden">
            <Text color={theme.muted} wrap="truncate-start">
              {` ${note}`}
            </Text>
          </Box>
        ) : null}
      </Box>
      <Box flexDirection="column" flexGrow={1} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
