// The top line: hangar, the nodes.json path, region, registry and the SANDBOX/AWS mode with its endpoint (always visible).
import { Box, Text } from 'ink';
import { fitMiddle } from '../../format/fit-middle.js';
import { redactUrls } from '../../redact.js';
import { useTheme } from './theme-context.js';

export interface HeaderProps {
  configPath: string;
  region: string;
  registry: string;
  mode: 'sandbox' | 'aws';
  /** Where AWS calls go when not to AWS itself: the badge says `AWS via <endpoint>`. */
  endpoint?: string | undefined;
  width: number;
}

/** The endpoint in the badge at most this wide (cut in the middle: host and port stay). */
const ENDPOINT_WIDTH = 32;

/** What fits: the badge always, the path cut from the left, the registry shortened before the region goes. */
export function headerParts({ configPath, region, registry, mode, endpoint, width }: HeaderProps) {
  const via = endpoint ? ` via ${fitMiddle(redactUrls(endpoint), Math.min(ENDPOINT_WIDTH, Math.max(8, width - 40)))}` : '';
  const badge = mode === 'sandbox' ? ' SANDBOX ' : ` AWS${via} `;
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
