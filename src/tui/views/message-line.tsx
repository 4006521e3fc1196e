// The status line: the latest message (errors in red) and how fresh the fleet status is.
import { Box, Text } from 'ink';
import type { Message } from '../store/types.js';
import { useTheme } from './theme-context.js';

export function MessageLine({ message, status, width }: { message: Message | undefined; status: string; width: number }) {
  const theme = useTheme();
  const tone = message?.level === 'error' ? theme.error : message?.level === 'warn' ? theme.warn : undefined;
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text color={tone} wrap="truncate-end">
          {message?.text ?? ' '}
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text color={theme.muted}> {status}</Text>
      </Box>
    </Box>
  );
}
