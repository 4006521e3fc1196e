// The workbench's root: lays out header, panes, modals, status and footer for the size it is given.
import { Box, Text, useApp } from 'ink';
import { type ReactNode, useEffect, useMemo } from 'react';
import type { CommandContext } from '../command-context.js';
import type { Config } from '../../config/index.js';
import { fit } from '../../format/time.js';
import { helpLines } from '../content/help-lines.js';
import { scrollWindow } from '../content/scroll-window.js';
import { footerBindings } from '../keys/dispatch.js';
import { scopesOf } from '../keys/scopes.js';
import { useKeys } from '../keys/use-keys.js';
import { type Size, computeLayout, isTooSmall, tooSmallText } from '../layout.js';
import type { Theme } from '../theme.js';
import { paletteTargets } from '../widgets/views/views-commands.js';
import { Palette } from '../widgets/palette/palette.js';
import { suggest } from '../widgets/palette/palette-reducer.js';
import { checkLine, exampleLine } from '../widgets/palette/palette-check.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { DepsView } from './deps-view.js';
import { DetailPane } from './detail-pane.js';
import { Footer } from './footer.js';
import { GroupView } from './group-view.js';
import { GroupsPane } from './groups-pane.js';
import { Header } from './header.js';
import { JobsPane, LogPane } from './jobs-pane.js';
import { LinesPane } from './lines-pane.js';
import { MessageLine, SearchLine } from './message-line.js';
import { MessagesView } from './messages-view.js';
import { ServiceMap } from './service-map.js';
import { ThemeContext } from './theme-context.js';
import { WorkbenchContext, useSlice } from './workbench-context.js';

export type WorkbenchServices = Omit<CommandContext, 'layout'>;

export interface AppProps {
  services: WorkbenchServices;
  size: Size;
  mode: 'sandbox' | 'aws';
  /** Where AWS calls go when not to AWS itself (--endpoint, AWS_ENDPOINT_URL), shown in the header. */
  endpoint?: string | undefined;
  theme: Theme;
}

export function App({ services, size, mode, endpoint, theme }: AppProps) {
  const { columns, rows } = size;
  const layout = useMemo(() => computeLayout({ columns, rows }), [columns, rows]);
  const ctx = useMemo<CommandContext>(() => ({ ...services, layout }), [services, layout]);
  return (
    <ThemeContext.Provider value={theme}>
      <WorkbenchContext.Provider value={ctx}>
        {isTooSmall(size) ? <TooSmall ctx={ctx} size={size} /> : <Screen ctx={ctx} mode={mode} endpoint={endpoint} />}
      </WorkbenchContext.Provider>
    </ThemeContext.Provider>
  );
}

/** Keys keep working (q quits) and quitting unmounts, whichever screen is shown. */
function useKeysAndQuit(ctx: CommandContext): void {
  const { exit } = useApp();
  useKeys(ctx);
  const quitting = useSlice((s) => s.quitting);
  useEffect(() => {
    if (quitting) exit();
  }, [quitting, exit]);
}

/** Below the smallest layout: one centred line until the terminal is resized (nothing wraps or breaks meanwhile). */
function TooSmall({ ctx, size }: { ctx: CommandContext; size: Size }) {
  useKeysAndQuit(ctx);
  const text = fit(tooSmallText(size), size.columns);
  return (
    <Box width={size.columns} height={size.rows} alignItems="center" justifyContent="center">
      <Text wrap="truncate-end">{text}</Text>
    </Box>
  );
}

const STATUS_TEXT = { unavailable: 'status: not available', loading: 'status: loading…', ok: 'status: live', error: 'status: error' } as const;

/** The fleet status freshness for the status line, with the reason when it failed. */
const statusText = (state: keyof typeof STATUS_TEXT, error: string | undefined) =>
  state === 'error' && error ? `status error: ${error.split('\n')[0]}` : STATUS_TEXT[state];

function regionOf(config: Config): string {
  const regions = [...new Set([...config.groups.values()].map((g) => g.merged.region).filter(Boolean))];
  return regions.length === 0 ? '-' : regions.length === 1 ? regions[0]! : `${regions[0]} +${regions.length - 1}`;
}

function Screen({ ctx, mode, endpoint }: { ctx: CommandContext; mode: 'sandbox' | 'aws'; endpoint: string | undefined }) {
  const { layout } = ctx;
  useKeysAndQuit(ctx);
  const scopes = useSlice((s) => scopesOf(s).join(' ')).split(' ') as ReturnType<typeof scopesOf>;
  const helpScroll = useSlice((s) => s.helpScroll);
  const modal = useSlice((s) => s.modal);
  const view = useSlice((s) => s.view);
  const maximised = useSlice((s) => s.jobs.maximised);
  const message = useSlice((s) => s.message);
  const overlay = useSlice((s) => s.overlay);
  const unseen = useSlice((s) => s.unseenErrors);
  const status = useSlice((s) => statusText(s.status.state, s.status.error));
  const registry = useSlice((s) =>
    s.registry.state === 'live' ? (s.registry.description ?? 'live') : s.registry.state === 'unavailable' ? 'not available' : s.registry.state,
  );
  const config = useSlice((s) => s.config);
  const region = useMemo(() => regionOf(config), [config]);
  const width = layout.size.columns;

  // The palette and confirmations take the bottom rows of whatever view is shown.
  const bottom =
    modal?.kind === 'palette' ? (
      <PaletteContainer ctx={ctx} />
    ) : modal?.kind === 'confirm' && !modal.plan ? (
      <ConfirmDialog message={modal.message} width={width} height={layout.bottomRows} />
    ) : undefined;
  const viewRows = bottom ? layout.topRows : layout.bodyRows;
  let body: ReactNode;
  if (modal?.kind === 'confirm' && modal.plan) {
    // A confirmation with a preview takes the whole body: the AMIs that go need the rows.
    body = <ConfirmDialog message={modal.message} plan={modal.plan} width={width} height={layout.bodyRows} />;
  } else if (modal?.kind === 'help') {
    const lines = helpLines();
    const shown = scrollWindow(lines.length, helpScroll, layout.helpRows);
    const note = shown.range ? `${shown.range} j/k scroll · esc close` : 'esc close';
    body = <LinesPane title="keys" note={note} lines={lines} scroll={shown.top} rows={layout.helpRows} width={width} height={layout.bodyRows} focused />;
  } else if (overlay?.kind === 'messages') {
    body = <MessagesView layout={layout} />;
  } else if (view === 'services') {
    body = (
      <>
        <ServiceMap layout={layout} height={viewRows} />
        {bottom}
      </>
    );
  } else if (view === 'group' || view === 'deps') {
    body = (
      <>
        {view === 'group' ? <GroupView layout={layout} height={viewRows} /> : <DepsView layout={layout} height={viewRows} />}
        {bottom}
      </>
    );
  } else if (maximised) {
    body = (
      <>
        <LogPane width={width} height={viewRows} rows={viewRows - 3} focused />
        {bottom}
      </>
    );
  } else {
    body = (
      <>
        <Box height={layout.topRows}>
          <GroupsPane layout={layout} />
          <DetailPane layout={layout} />
        </Box>
        {bottom ?? <JobsPane layout={layout} />}
      </>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={layout.size.rows}>
      <Header configPath={config.file} region={region} registry={registry} mode={mode} endpoint={endpoint} width={width} />
      <Box flexDirection="column" height={layout.bodyRows}>
        {body}
      </Box>
      {overlay?.kind === 'search' ? (
        <SearchLine text={overlay.text} target={overlay.target} width={width} />
      ) : (
        <MessageLine message={message} status={fit(status, Math.floor(width / 2))} width={width} unseen={unseen} />
      )}
      <Footer bindings={footerBindings(scopes)} />
    </Box>
  );
}

function PaletteContainer({ ctx }: { ctx: CommandContext }) {
  const modal = useSlice((s) => s.modal);
  const list = useSlice((s) => s.list);
  const targets = useSlice((s) => paletteTargets(s).join(' '));
  const message = useSlice((s) => s.message);
  if (modal?.kind !== 'palette') return null;
  const suggestions = suggest(modal.palette.text, ctx.paletteEntries, list.names);
  const typed = modal.palette.text.trim().split(/\s+/)[0];
  const entry = ctx.paletteEntries.find((e) => e.name === typed && /\s/.test(modal.palette.text));
  const usage = entry ? `${entry.usage ?? entry.name}: ${entry.summary}` : undefined;
  // Checked as it is typed: what enter would refuse is said before it is pressed.
  const error = message?.level === 'error' ? message.text : checkLine(ctx, modal.palette.text);
  return (
    <Palette
      text={modal.palette.text}
      cursor={modal.palette.cursor}
      example={error ? exampleLine(ctx, modal.palette.text) : undefined}
      suggestions={suggestions}
      choice={Math.min(modal.palette.choice, Math.max(0, suggestions.length - 1))}
      targets={targets ? targets.split(' ') : []}
      usage={usage}
      error={error}
      width={ctx.layout.size.columns}
      height={ctx.layout.bottomRows}
    />
  );
}
