// The confirmation asked before a destructive action or quitting with running jobs: the question, then what would happen.
import { Text } from 'ink';
import type { PreviewLine } from '../../actions/types.js';
import { capPreview } from '../../actions/confirmation.js';
import type { Theme } from '../theme.js';
import type { ConfirmPlan } from '../store/types.js';
import { PaneBox } from './pane-box.js';
import { useTheme } from './theme-context.js';

export interface ConfirmDialogProps {
  message: string;
  plan?: ConfirmPlan | undefined;
  width: number;
  height: number;
}

function colourOf(theme: Theme, tone: PreviewLine['tone']): string | undefined {
  return tone === 'remove' ? theme.removed : tone === 'keep' ? theme.ok : tone === 'warn' ? theme.warn : tone === 'change' ? theme.changed : undefined;
}

/** The preview lines that fit in `rows`, or a line saying it is being worked out. */
function previewLines(plan: ConfirmPlan | undefined, rows: number): PreviewLine[] {
  if (!plan || rows <= 0) return [];
  const { preview } = plan;
  if (preview.state === 'loading') return [{ text: 'working out what it would do… (y answers now)' }];
  if (preview.state === 'none') return [];
  return capPreview(preview.lines.length ? preview.lines : [{ text: 'nothing would change' }], rows);
}

export function ConfirmDialog({ message, plan, width, height }: ConfirmDialogProps) {
  const theme = useTheme();
  const inner = Math.max(1, width - 2);
  const question = message.split('\n');
  // Rows the wrapped question takes; the preview gets what is left above the keys line.
  const questionRows = question.reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / inner)), 0);
  const lines = previewLines(plan, height - 3 - questionRows - 2);
  return (
    <PaneBox title="confirm" width={width} height={height} focused>
      {question.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line of the question is a position, it has no identity of its own
        <Text key={`q${i}`} color={theme.warn} bold wrap="wrap">
          {line}
        </Text>
      ))}
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a preview row is a position on the screen
        <Text key={`p${i}`} color={colourOf(theme, line.tone)} wrap="truncate-end">
          {line.text}
        </Text>
      ))}
      <Text> </Text>
      <Text>
        <Text bold>y</Text> yes, go ahead <Text bold>n</Text> / <Text bold>esc</Text> no
      </Text>
    </PaneBox>
  );
}
