// The message log overlay (`m`): every message said, newest first, whole and wrapped; j/k scroll, esc closes.
import { scrollWindow } from '../content/scroll-window.js';
import type { Layout } from '../layout.js';
import { messageLogLines } from '../widgets/message-log/message-log-lines.js';
import { LinesPane } from './lines-pane.js';
import { useSlice } from './workbench-context.js';

export function MessagesView({ layout }: { layout: Layout }) {
  const messages = useSlice((s) => s.messages);
  const scrollTo = useSlice((s) => s.messagesScroll);
  const width = layout.size.columns;
  const lines = messageLogLines(messages, layout.fullInner);
  const rows = layout.helpRows;
  const shown = scrollWindow(lines.length, scrollTo, rows);
  const range = shown.range ? `${shown.range} j/k scroll · ` : '';
  return (
    <LinesPane
      title={`messages ${messages.length}`}
      note={`newest first · ${range}esc close`}
      lines={lines}
      scroll={shown.top}
      rows={rows}
      width={width}
      height={layout.bodyRows}
      focused
    />
  );
}
