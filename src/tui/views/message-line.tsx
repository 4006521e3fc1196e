// The status line: the latest message's first line (errors in red), unseen failures, how fresh the fleet status is; or the search line.
import { Box, Text } from 'ink';
import type { Message, ReadTarget } from '../store/types.js';
import { useTheme } from './theme-context.js';

interface Props {
  message: Message | undefined;
  status: string;
  width: number;
  /** Failures said since the message log was last opened. */
  unseen?: number;
}

export function MessageLine({ message, status, width, unseen = 0 }: Props) {
  const theme = useTheme();
  const tone = message?.level === 'error' ? theme.error : message?.level === 'warn' ? theme.warn : undefined;
  const [first = ' ', ...rest] = (message?.text ?? ' ').split('\n');
  // The rest of a long or many-line message is in the message log.
  const more = rest.length > 0 || first.length > width - status.length - 2 ? ' [m]' : '';
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text color={tone} wrap="truncate-end">
          {first || ' '}
        </Text>
      </Box>
      <Box flexShrink={0}>
        {more ? <Text color={theme.muted}>{more}</Text> : null}
        {unseen > 0 ? <Text color={theme.error}> ✗{unseen} unseen: m</Text> : null}
        <Text color={theme.muted}> {status}</Text>
      </Box>
    </Box>
  );
}

/** The search line in place of the status line while a search is typed. */
export function SearchLine({ text, target, width }: { text: string; target: ReadTarget; width: number }) {
  const theme = useTheme();
  return (
    <Box width={width} height={1} overflow="hidden">
      <Text wrap="truncate-start">
        <Text color={theme.accent} bold>
          /{text}
        </Text>
        <Text inverse> </Text>
        <Text color={theme.muted}> search the {target === 'log' ? 'log' : 'detail pane'} · enter search · esc cancel</Text>
      </Text>
    </Box>
  );
}
