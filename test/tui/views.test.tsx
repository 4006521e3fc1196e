// Issue 15's workbench views at 80x24: the drift column, the drift view, the group view and the dependency view.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { defineAction } from '../../src/actions/types.js';
import { loadConfig } from '../../src/config/index.js';
import { MemoryRegistry } from '../../src/registry/memory.js';
import type { ServiceEntry } from '../../src/registry/types.js';
import { waitUntil } from '../helpers/net.js';
import { type Harness, closeAfterEach, openWorkbench } from './harness.js';
import { fleetStatusAction } from './test-actions.js';
import { type DriftControl, fakeDriftAction, fakeShowAction } from './view-actions.js';

const after = closeAfterEach();
let open: Harness;

const SIZE = { columns: 80, rows: 24 };

/** Every line fits 80 columns and the frame 24 rows. */
function expectFits(frame: string): void {
  const lines = stripAnsi(frame).split('\n');
  expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(80);
  expect(lines.length).toBeLessThanOrEqual(24);
}

/** The groups pane's row of `name`. */
const rowOf = (frame: string, name: string) =>
  frame
    .split('\n')
    .map((line) => line.split(/[║│]/)[1]?.trimEnd() ?? '')
    .find((cell) => cell.includes(`${name} `)) ?? '';

const echoAction = defineAction({
  name: 'test:echo',
  summary: 'says its groups',
  groups: 'all-by-default',
  flags: {},
  async run(ctx, groups) {
    ctx.emit.log(`echo ${groups.join(',')}`);
  },
});

const entry = (service: string, instance: string, group: string, status: ServiceEntry['status'] = 'up'): ServiceEntry => ({
  service,
  instance,
  host: '127.0.0.21',
  port: 8100,
  group,
  status,
  since: new Date(Date.now() - 60_000).toISOString(),
});

describe('drift column', () => {
  it('shows … while unknown, then one marker per group from one fleet:drift run for all groups', async () => {
    let release = () => {};
    const control: DriftControl = { runs: 0, groups: [], gate: new Promise<void>((resolve) => (release = resolve)) };
    open = openWorkbench({ size: SIZE, catalog: [fleetStatusAction, fakeDriftAction(control)] });
    let frame = await open.waitFor('DRIFT');
    expect(rowOf(frame, '12_04-bee')).toMatch(/…$/);
    expect(rowOf(frame, '12_04-www')).toMatch(/…$/);
    control.gate = undefined;
    release();
    frame = await open.waitFor((f) => /ok$/.test(rowOf(f, '12_04-www')));
    // Two kinds drift in 12_04-bee: the count; 12_04-www is clean.
    expect(rowOf(frame, '12_04-bee')).toMatch(/\s2$/);
    expect(control.groups).toEqual(['12_04-bee', '12_04-www']);
    // At 80 columns the status columns pad less, so the drift column leaves these names whole.
    expect(frame).toMatch(/GROUP\s+AMI\s+ASG RN DRIFT/);
    expect(rowOf(frame, '12_04-www')).toMatch(/^[› ]{2}12_04-www\s+3h\s+2\/4\s+7\s+ok$/);
    expectFits(frame);
  });

  it('says once that drift is unknown while AWS is unreachable, shows ?, and recovers', async () => {
    const control: DriftControl = { runs: 0, groups: [], failWith: 'could not reach AWS (connect ECONNREFUSED 127.0.0.1:9)' };
    open = openWorkbench({ size: SIZE, catalog: [fleetStatusAction, fakeDriftAction(control)] });
    let said = 0;
    const unsubscribe = open.store.subscribe((s, before) => {
      if (s.message !== before.message && s.message?.text.startsWith('drift unknown')) said++;
    });
    await waitUntil(() => control.runs >= 4, 10_000, 'four drift refreshes');
    const frame = await open.waitFor((f) => /\?$/.test(rowOf(f, '12_04-bee')));
    expect(said).toBe(1);
    expect(open.store.getState().message?.text).toContain('ECONNREFUSED');
    control.failWith = undefined;
    await open.waitFor((f) => /ok$/.test(rowOf(f, '12_04-www')));
    unsubscribe();
    expectFits(frame);
  });

  it('has no drift column when the catalog has no fleet:drift', async () => {
    open = openWorkbench({ size: SIZE, catalog: [fleetStatusAction] });
    const frame = await open.waitFor('RUN');
    expect(frame).not.toContain('DRIFT');
    expect(frame).toContain('12_04-bee');
  });
});

describe('drift view', () => {
  it('lists the items with evidence and fixes; enter puts an action fix into the palette without running it', async () => {
    const control: DriftControl = { runs: 0, groups: [] };
    open = openWorkbench({ size: SIZE, catalog: [fleetStatusAction, fakeDriftAction(control)] });
    await open.waitFor((f) => /ok$/.test(rowOf(f, '12_04-www')));
    for (let i = 0; i < 3; i++) open.press('detail.cycle');
    let frame = await open.waitFor('[drift]');
    expect(frame).toContain('img   newest AMI built from an older config');
    // Long lines wrap in the 46 columns of the pane: a fix is never cut off.
    expect(frame).toMatch(/ami-0bee000000000001 hangar:config\s*│\n[^\n]*│\s+1111aaaa/);
    expect(frame).toMatch(/fix: hangar packer:run 12_04-bee\s*│\n[^\n]*│\s+--grace-period 30/);
    expect(frame).toMatch(/reg {3}service api-workers is not in the run\s*│\n[^\n]*│\s+list/);
    expectFits(frame);

    open.press('app.next-pane');
    await open.waitFor((f) => /\[drift\]\s+1\/2/.test(f));
    open.press('cursor.down');
    await open.waitFor((f) => /\[drift\]\s+2\/2/.test(f));
    open.press('drift.choose');
    frame = await open.waitFor('no command fixes this');
    expect(open.store.getState().message?.text).toBe('no command fixes this, by hand: add "recipe[seatgeek-service::api-workers]" to 12_04-bee.run_list');
    expect(open.store.getState().modal).toBeUndefined();

    open.press('cursor.up');
    await open.waitFor((f) => /\[drift\]\s+1\/2/.test(f));
    open.press('drift.choose');
    frame = await open.waitFor(':packer:run 12_04-bee --grace-period 30');
    const text = 'packer:run 12_04-bee --grace-period 30 ';
    // The fix is in the palette, ready to edit: the cursor at its end, not run.
    expect(open.store.getState().modal).toMatchObject({ kind: 'palette', palette: { text, choice: 0, cursor: text.length } });
    expect(open.store.getState().jobs.list).toHaveLength(0);
    expectFits(frame);
  });

  it('says so for a clean group', async () => {
    const control: DriftControl = { runs: 0, groups: [] };
    open = openWorkbench({ size: SIZE, catalog: [fleetStatusAction, fakeDriftAction(control)] });
    await open.waitFor((f) => /ok$/.test(rowOf(f, '12_04-www')));
    open.press('cursor.down');
    for (let i = 0; i < 3; i++) open.press('detail.cycle');
    const frame = await open.waitFor('nothing drifts');
    expect(frame).toContain('12_04-www matches nodes.json');
    expect(frame).toContain('warning: no registry configured');
  });
  it('reads drift less often than the status (every 6th refresh), and again at the refresh after a job ends', async () => {
    const control: DriftControl = { runs: 0, groups: [] };
    open = openWorkbench({ size: SIZE, catalog: [fleetStatusAction, fakeDriftAction(control)] });
    const h = open;
    let refreshes = 0;
    const unsubscribe = h.store.subscribe((state, before) => {
      if (state.status.at !== before.status.at) refreshes++;
    });
    try {
      await waitUntil(() => refreshes >= 8, 10_000, '8 status refreshes');
      const early = control.runs;
      // The first refresh and the 7th read drift; 8 refreshes never read it 8 times.
      expect(early).toBeGreaterThanOrEqual(1);
      expect(early).toBeLessThanOrEqual(3);
      const job = h.workbench.services.runner.run(fleetStatusAction, [], {});
      if (!job) throw new Error('the workbench has started: the job runs at once');
      await job.done;
      const atEnd = refreshes;
      await waitUntil(() => control.runs > early, 10_000, 'a drift read after the job');
      expect(refreshes - atEnd).toBeLessThanOrEqual(2);
    } finally {
      unsubscribe();
    }
  });
});

describe('group view', () => {
  it('shows ASGs with their scaling policies, instances with their services, AMIs with config and usage, and drift; the palette acts on the group; esc goes back', async () => {
    const registry = new MemoryRegistry({ kind: 'sandbox', description: 'test registry' });
    await registry.register([entry('api-workers', 'i-0aaa00000000000a1', '12_04-bee')]);
    const shows = { runs: 0 };
    const control: DriftControl = { runs: 0, groups: [] };
    open = openWorkbench({
      size: SIZE,
      catalog: [fleetStatusAction, fakeDriftAction(control), fakeShowAction(shows), echoAction],
      openRegistry: async () => registry,
    });
    let frame = await open.waitFor((f) => /ok$/.test(rowOf(f, '12_04-www')));
    // Select the other group: inside the group view the palette still acts on the viewed group only.
    open.press('cursor.down');
    open.press('groups.toggle');
    open.press('cursor.up');
    open.press('groups.open');
    frame = await open.waitFor('ASGS (1)');
    expect(frame).toContain('group 12_04-bee · us-east-1');
    expect(frame).toMatch(/12_04-bee-20261201\s+3\/2\/4\s+v7\s+ami-0aaa000000000002\s+2h\s+2\/3/);
    expect(frame).toMatch(/12_04-bee-20261201 .*\n║\s+policy hangar-12_04-bee-cpu: ASGAverageCPUUtilization at 50\s*║/);
    expect(frame).toMatch(/i-0aaa00000000000a1\s+12_04-bee\s+running\s+Healthy InService\s+us-east-1a/);
    expect(frame).toContain('ami ami-0aaa000000000002 (newest) · services: api-workers');
    expect(frame).toContain('Unhealthy Terminating');
    expect(frame).toContain('services: none registered');
    expect(frame).toMatch(/ami-0aaa000000000002\s+2h\s+current\s+ASG 12_04-bee-20261201/);
    expectFits(frame);

    open.press('cursor.bottom');
    frame = await open.waitFor('DRIFT (2)');
    expect(frame).toMatch(/ami-0aaa000000000001\s+2d\s+older\s+instance i-0aaa00000000000a2/);
    expect(frame).toMatch(/launch template hangar-x default version\s*║\n║\s+6\s/);
    expect(frame).toMatch(/ami-0aaa000000000000\s+4d\s+untagged\s+unused/);
    expect(frame).toContain('fix: hangar packer:run 12_04-bee --grace-period 30');
    expectFits(frame);

    open.press('app.palette');
    open.type('test:echo');
    await open.waitFor('says its groups');
    open.press('palette.run');
    await waitUntil(() => open!.store.getState().jobs.list.length === 1, 5000, 'the job');
    expect(open.store.getState().jobs.list[0]!.groups).toEqual(['12_04-bee']);

    open.press('group.close');
    frame = await open.waitFor('DRIFT');
    expect(frame).not.toContain('ASGS (1)');
    expect(shows.runs).toBeGreaterThanOrEqual(1);
  });
});

describe('dependency view', () => {
  it('draws services → providers (up / draining / missing) → dependents, and marks the orphan and the unused service', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hangar-deps-'));
    after.cleanup(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'nodes.json');
    writeFileSync(
      file,
      JSON.stringify({
        __base__: { region: 'us-east-1' },
        web: { services: { web: { port: 80 } }, depends_on: ['db', 'cache'] },
        cache: { services: { cache: { port: 6379 } } },
        batch: { services: { reports: { port: 9000 } }, depends_on: ['web'] },
      }),
    );
    const registry = new MemoryRegistry({ kind: 'sandbox', description: 'test registry' });
    await registry.register([entry('web', 'i-1', 'web'), entry('web', 'i-2', 'web', 'draining')]);
    open = openWorkbench({ size: SIZE, config: loadConfig(file), catalog: [fleetStatusAction], openRegistry: async () => registry });
    await open.waitFor('registry test registry');
    await waitUntil(() => open!.store.getState().status.state === 'ok', 5000, 'the fleet status');
    open.press('app.deps');
    const frame = await open.waitFor('dependencies');
    expect(frame).toContain('db  ✗ nothing provides it');
    expect(frame).toContain('└─ needed by   web');
    expect(frame).toContain('reports  · nothing depends on it');
    // fleetStatusAction: desired 3 for the first group (web).
    expect(frame).toMatch(/├─ provided by web\s+up 1 · draining 1 · missing 1 of 3/);
    expect(frame).toMatch(/provided by cache\s+up 0 · draining 0 · missing 4 of 4/);
    expect(frame).toContain('registry live');
    expectFits(frame);
    open.press('deps.close');
    await open.waitFor('groups 3');
  });
});
