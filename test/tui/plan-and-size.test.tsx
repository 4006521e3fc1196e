// Confirmations that show the plan (command, target, preview), small terminals, middle-cut names, header and registry hints.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { defineAction } from '../../src/actions/types.js';
import { createTheme } from '../../src/tui/theme.js';
import { Header, headerParts } from '../../src/tui/views/header.js';
import { ThemeContext } from '../../src/tui/views/theme-context.js';
import { GroupList } from '../../src/tui/widgets/group-list/group-list.js';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { App } from '../../src/tui/views/app.js';
import { createWorkbench } from '../../src/tui/workbench.js';
import { waitUntil } from '../helpers/net.js';
import { ROOT } from '../helpers/project.js';
import { type Harness, OPTIONS, closeAfterEach, openWorkbench } from './harness.js';

/** Destructive, with a preview that says what goes and what stays (what packer:clean's does, without AWS). */
const pruneAction = defineAction({
  name: 'test:prune',
  summary: 'pretends to prune images',
  groups: 'required',
  destructive: true,
  usesAws: true,
  flags: { keep: { type: 'number', short: 'n', description: 'keep N', default: 10, integer: true, min: 0, max: 100 } },
  async preview(_ctx, groups, flags) {
    // 12_04-bee's preview takes long enough for the loading line to be seen.
    await new Promise((resolve) => setTimeout(resolve, groups[0] === '12_04-bee' ? 600 : 30));
    return [
      { text: `${groups[0]}: 2 AMIs: ${flags.keep === 0 ? 2 : 1} deregistered` },
      { text: '  deregister ami-0old', tone: 'remove' as const },
      flags.keep === 0 ? { text: '  deregister ami-0new', tone: 'remove' as const } : { text: '  keep ami-0new: one of the newest 1', tone: 'keep' as const },
    ];
  },
  async run(ctx, groups) {
    ctx.emit.log(`pruned ${groups.join(' ')}`);
  },
});

closeAfterEach();
let open: Harness;

describe('a confirmation that shows the plan', () => {
  it('shows the whole command with its flags, where it goes, then the preview; nothing runs before yes', async () => {
    open = openWorkbench({ catalog: [pruneAction], size: { columns: 80, rows: 24 } });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:prune 12_04-www -n 0');
    open.press('palette.run');
    const frame = await open.waitFor('deregister ami-0new');
    expect(frame).toContain('test:prune 12_04-www --keep 0');
    expect(frame).toContain('is destructive on AWS. Run it?');
    expect(frame).toContain('12_04-www: 2 AMIs: 2 deregistered');
    expect(frame).toContain('deregister ami-0old');
    expect(frame).not.toContain('keep ami-0new');
    expect(open.store.getState().jobs.list).toHaveLength(0);
    open.press('confirm.yes');
    await open.waitFor('pruned 12_04-www');
  });

  it('says it is working the preview out first, and keeps what it kept with the reason', async () => {
    open = openWorkbench({ catalog: [pruneAction], size: { columns: 80, rows: 24 } });
    await open.waitFor('12_04-www');
    open.press('app.palette');
    open.type('test:prune 12_04-bee -n 1');
    open.press('palette.run');
    await open.waitFor('working out what it would do');
    const frame = await open.waitFor('keep ami-0new: one of the newest 1');
    expect(frame).not.toContain('working out');
    open.press('confirm.no');
    await open.waitFor('nothing done');
    expect(open.store.getState().jobs.list).toHaveLength(0);
  });
});

describe('small terminals', () => {
  it('below 60x16 shows one line saying so, and the layout again at a normal size', async () => {
    const workbench = createWorkbench({ config: loadConfig(join(ROOT, 'nodes.json')), options: OPTIONS, catalog: [], history: false });
    const theme = createTheme({ NO_COLOR: '1' });
    const app = render(<App services={workbench.services} size={{ columns: 50, rows: 14 }} mode="sandbox" theme={theme} />);
    try {
      const frame = () => app.lastFrame() ?? '';
      await waitUntil(() => frame().includes('terminal too small'), 5000, 'the too-small line');
      expect(frame()).toContain('terminal too small: 50×14, need ≥ 60×16');
      expect(frame()).not.toContain('12_04-www');
      app.rerender(<App services={workbench.services} size={{ columns: 80, rows: 24 }} mode="sandbox" theme={theme} />);
      await waitUntil(() => frame().includes('12_04-www'), 5000, 'the normal layout');
      expect(frame()).not.toContain('terminal too small');
      // Every row is used: the footer is on the last of the 24.
      const lines = frame().split('\n');
      expect(lines).toHaveLength(24);
      expect(lines[23]).toContain('help');
    } finally {
      app.unmount();
      await workbench.dispose();
    }
  });

  it('cuts long group names in the middle so two names that differ at the end stay apart', () => {
    const names = ['16_04-payments-gateway-api', '16_04-payments-gateway-web'];
    const status = { state: 'ok' as const, groups: {} };
    const { lastFrame } = render(
      <ThemeContext.Provider value={createTheme({ NO_COLOR: '1' })}>
        <GroupList names={names} cursorRow={0} selected={new Set()} status={status} active width={34} now={0} />
      </ThemeContext.Provider>,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('16_04-pa…way-api');
    expect(frame).toContain('16_04-pa…way-web');
  });
});

describe('an honest header', () => {
  it('says AWS via the endpoint when one is set, and plain AWS or SANDBOX otherwise', () => {
    const base = { configPath: '/p/nodes.json', region: 'us-east-1', registry: 'not available', width: 100 };
    expect(headerParts({ ...base, mode: 'aws', endpoint: 'http://127.0.0.1:9' }).badge).toBe(' AWS via http://127.0.0.1:9 ');
    expect(headerParts({ ...base, mode: 'aws', endpoint: 'http://user:secret@127.0.0.1:9' }).badge).not.toContain('secret');
    expect(headerParts({ ...base, mode: 'aws' }).badge).toBe(' AWS ');
    expect(headerParts({ ...base, mode: 'sandbox', endpoint: 'http://127.0.0.1:9' }).badge).toBe(' SANDBOX ');
    const { lastFrame } = render(
      <ThemeContext.Provider value={createTheme({ NO_COLOR: '1' })}>
        <Header {...base} mode="aws" endpoint="http://127.0.0.1:9" width={100} />
      </ThemeContext.Provider>,
    );
    expect(lastFrame()).toContain('AWS via http://127.0.0.1:9');
    expect(lastFrame()).toContain('registry');
  });

  it('the service map says how to configure a registry when there is none', async () => {
    open = openWorkbench({ catalog: [] });
    await open.waitFor('12_04-www');
    open.press('app.services');
    const map = await open.waitFor('HANGAR_ETCD_ENDPOINTS');
    expect(map).toContain('registry not available');
    expect(map).toContain('__settings__');
    expect(map).toContain('"endpoints"');
  });
});
