// The confirmation asked before a destructive action or quitting with running jobs.
import { Text } from 'ink';
import { PaneBox } from './pane-box.js';
import { useTheme } from './theme-context.js';

export function ConfirmDialog({ message, width, height }: { message: string; width: number; height: number }) {
  const theme = useTheme();
  return (
    <PaneBox title="confirm" width={width} height={height} focused>
      <Text color={theme.warn} bold wrap="wrap">
        {message}
      </Text>
      <Text> </Text>
      <Text>
        <Text bold>y</Text> yes, go ahead <Text bold>n</Text> / <Text bold>esc</Text> no
      </Text>
    </PaneBox>
  );
}
