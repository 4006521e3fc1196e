// The top line: hangar, the nodes.json path, region, registry and the SANDBOX/AWS mode.
import { Box, Text } from 'ink';
import { useTheme } from './theme-context.js';

export interface HeaderProps {
  configPath: string;
  region: string;
  registry: string;
  mode: 'sandbox' | 'aws';
  width: number;
}

export function Header({ configPath, region, registry, mode, width }: HeaderProps) {
  const theme = useTheme();
  const badge = mode === 'sandbox' ? ' SANDBOX ' : ' AWS ';
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexShrink={0}>
        <Text bold color={theme.accent}>
          hangar{' '}
        </Text>
      </Box>
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Text wrap="truncate-start">{configPath}</Text>
      </Box>
      <Box flexShrink={0}>
        <Text wrap="truncate-end">
          <Text color={theme.muted}> region </Text>
          {region}
          <Text color={theme.muted}> registry </Text>
          {registry}{' '}
        </Text>
      </Box>
      <Box flexShrink={0}>
        <Text inverse bold color={mode === 'sandbox' ? theme.warn : theme.error}>
          {badge}
        </Text>
      </Box>
    </Box>
  );
}
