// The bottom line: the keys that work right now, generated from the keymap table.
import { Text } from 'ink';
import type { Binding } from '../keys/bindings.js';
import { labelOfKey } from '../keys/key-name.js';
import { useTheme } from './theme-context.js';

export function Footer({ bindings }: { bindings: readonly Binding[] }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {bindings.map((b, i) => (
        <Text key={b.command}>
          {i > 0 ? '  ' : ''}
          <Text bold color={theme.accent}>
            {labelOfKey(b.keys[0] ?? '')}
          </Text>
          <Text color={theme.muted}> {b.footer}</Text>
        </Text>
      ))}
    </Text>
  );
}
