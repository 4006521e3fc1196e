// The pure parts of issue 15's views: drift markers and fixes in palette syntax, name fitting, wrapping, the service tree.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { DriftFix } from '../../src/drift/types.js';
import { driftColumn } from '../../src/tui/content/drift-marker-column.js';
import { paletteTextOf } from '../../src/tui/content/drift-lines.js';
import { serviceNodes } from '../../src/tui/content/deps-lines.js';
import { wrapLine } from '../../src/tui/content/wrap.js';
import { parseDriftReport } from '../../src/tui/services/drift-schema.js';
import { parseGroupDetail } from '../../src/tui/services/group-detail-schema.js';
import { splitCommandLine } from '../../src/process/split-command-line.js';
import { ROOT } from '../helpers/project.js';
import { BEE_DRIFT, groupDetailOf } from './view-actions.js';

const action = (flags: Record<string, string | number | boolean>, groups = ['web']): DriftFix => ({
  kind: 'action',
  action: 'autoscale:update',
  groups,
  flags,
  command: '',
});

describe('a drift fix in the palette', () => {
  it('writes the action, its groups and its flags as the palette reads them back', () => {
    expect(paletteTextOf(action({}))).toBe('autoscale:update web');
    expect(paletteTextOf(action({ canary: 1, resume: true, 'dry-run': false }))).toBe('autoscale:update web --canary 1 --resume');
    const text = paletteTextOf(action({ reason: "it's stale now" }, ['web', 'api']))!;
    expect(splitCommandLine(text)).toEqual(['autoscale:update', 'web', 'api', '--reason', "it's stale now"]);
    expect(paletteTextOf({ kind: 'config', hint: 'add x' })).toBeUndefined();
  });
});

describe('the drift column', () => {
  it('is … while loading, ? after a failure, the marker once known, and absent without fleet:drift', () => {
    const groups = { '12_04-bee': BEE_DRIFT, '12_04-www': [] };
    expect(driftColumn({ state: 'loading', groups: {}, warnings: [] }, 'web')).toBe('…');
    expect(driftColumn({ state: 'ok', groups, warnings: [] }, '12_04-bee')).toBe('2');
    expect(driftColumn({ state: 'ok', groups, warnings: [] }, '12_04-www')).toBe('ok');
    expect(driftColumn({ state: 'ok', groups, warnings: [] }, 'other')).toBe('-');
    expect(driftColumn({ state: 'error', groups, warnings: [], error: 'down' }, '12_04-www')).toBe('?');
    expect(driftColumn({ state: 'unavailable', groups: {}, warnings: [] }, 'web')).toBeUndefined();
  });
});

describe('wrapping', () => {
  it('breaks at spaces, indents the rows after the first, and cuts a word longer than a row', () => {
    const rows = wrapLine({ text: '      fix: hangar packer:run 12_04-bee --grace-period 30', tone: 'accent' }, 40, 8).map((r) => r.text);
    expect(rows).toEqual(['      fix: hangar packer:run 12_04-bee', '        --grace-period 30']);
    expect(rows.every((row) => row.length <= 40)).toBe(true);
    const long = wrapLine({ text: `x ${'a'.repeat(70)}` }, 30, 4).map((r) => r.text);
    expect(long.every((row) => row.length <= 30)).toBe(true);
    expect(long.join('').replace(/\s/g, '')).toBe(`x${'a'.repeat(70)}`);
    expect(wrapLine({ text: 'short' }, 30, 4)).toEqual([{ text: 'short' }]);
  });
});

describe('the service tree', () => {
  it('joins services, depends_on and the registry; counts against desired capacity', () => {
    const config = loadConfig(join(ROOT, 'nodes.json'));
    const entry = (service: string, instance: string, group: string, status: 'up' | 'draining') => ({
      service,
      instance,
      group,
      status,
      host: '10.0.0.1',
      port: 1,
      since: new Date().toISOString(),
    });
    const nodes = serviceNodes({
      config,
      registry: [entry('www', 'i-1', '12_04-www', 'up'), entry('www', 'i-2', '12_04-www', 'draining'), entry('cron', 'i-3', '12_04-bee', 'up')],
      status: { '12_04-www': { desired: 4 } },
    });
    const www = nodes.find((n) => n.service === 'www')!;
    expect(www.providers).toEqual([{ group: '12_04-www', up: 1, draining: 1, desired: 4 }]);
    expect(www.dependents).toEqual(['12_04-bee']);
    const workers = nodes.find((n) => n.service === 'api-workers')!;
    expect(workers.providers).toEqual([{ group: '12_04-bee', up: 0, draining: 0, desired: undefined }]);
    expect(workers.dependents).toEqual(['12_04-www']);
    // Registered but not declared by its group: shown, not dropped.
    expect(nodes.find((n) => n.service === 'cron')).toEqual({ service: 'cron', providers: [], dependents: [], undeclared: ['12_04-bee'] });
    // Without a live registry the counts are unknown, not zero.
    expect(serviceNodes({ config, registry: undefined, status: {} }).find((n) => n.service === 'www')!.providers[0]!.up).toBeUndefined();
  });
});

describe('the drift report at the boundary', () => {
  it('takes the contract and names what it does not understand', () => {
    const report = { groups: [{ group: '12_04-bee', items: BEE_DRIFT }], warnings: [] };
    expect(parseDriftReport(report)).toEqual({ report });
    const bad = parseDriftReport({ groups: [{ group: 'x', items: [{ ...BEE_DRIFT[0], kind: 'weather' }] }], warnings: [] });
    expect('problem' in bad && bad.problem).toMatch(/^fleet:drift result not understood at groups\.0\.items\.0\.kind/);
  });
});

describe('the group detail at the boundary', () => {
  it("takes the contract with each ASG's policies, reads a result without them as none, and names a policy that is not a line", () => {
    const detail = groupDetailOf('web');
    expect(parseGroupDetail(detail)).toEqual({ detail });
    const { policies: _, ...older } = detail.asgs[0]!;
    expect(parseGroupDetail({ ...detail, asgs: [older] })).toEqual({ detail: { ...detail, asgs: [{ ...older, policies: [] }] } });
    const bad = parseGroupDetail({ ...detail, asgs: [{ ...older, policies: [{ name: 'x' }] }] });
    expect('problem' in bad && bad.problem).toMatch(/^fleet:show result not understood at asgs\.0\.policies\.0/);
  });
});
