// The top line: hangar, the nodes.json path, region, registry and the SANDBOX/AWS mode (always visible).
import { Box, Text } from 'ink';
import { useTheme } from './theme-context.js';

export interface HeaderProps {
  configPath: string;
  region: string;
  registry: string;
  mode: 'sandbox' | 'aws';
  width: number;
}

/** What fits: the badge always, the path cut from the left, the registry shortened before the region goes. */
export function headerParts({ configPath, region, registry, mode, width }: HeaderProps) {
  const badge = mode === 'sandbox' ? ' SANDBOX ' : ' AWS ';
  const shortRegistry = registry.replace(/\s*\(.*\)$/, '');
  const room = (right: string) => width - 'hangar '.length - right.length - badge.length;
  let right = `  region ${region}  registry ${registry} `;
  if (room(right) < 24) right = `  region ${region}  registry ${shortRegistry} `;
  if (room(right) < 16) right = `  ${region}  ${shortRegistry} `;
  const space = Math.max(0, room(right));
  const path = configPath.length <= space ? configPath.padEnd(space) : `…${configPath.slice(configPath.length - space + 1)}`;
  return { badge, path: space === 0 ? '' : path, right };
}

export function Header(props: HeaderProps) {
  const theme = useTheme();
  const { badge, path, right } = headerParts(props);
  return (
    <Box width={props.width} height={1} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold color={theme.accent}>
          hangar{' '}
        </Text>
        {path}
        <Text color={theme.muted}>{right}</Text>
        <Text inverse bold color={props.mode === 'sandbox' ? theme.warn : theme.error}>
          {badge}
        </Text>
      </Text>
    </Box>
  );
}
