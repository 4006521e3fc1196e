// The groups pane's drift marker and the report's table: `ok`, one kind's tag, a count; one line per item with its fix.
import { describe, expect, it } from 'vitest';
import { actionFix, configFix } from '../../src/drift/fix.js';
import { formatDriftReport } from '../../src/drift/format.js';
import { driftMarker } from '../../src/drift/marker.js';
import type { DriftItem, DriftKind } from '../../src/drift/types.js';

const item = (kind: DriftKind): DriftItem => ({ group: 'web', kind, summary: `${kind} drifts`, evidence: [], fix: actionFix('packer:run', 'web') });

describe('driftMarker', () => {
  it('says ok, the kind of every item when they share one, else how many items there are', () => {
    expect(driftMarker([])).toBe('ok');
    expect(driftMarker([item('image')])).toBe('img');
    expect(driftMarker([item('files'), item('files')])).toBe('files');
    expect(driftMarker([item('rollout')])).toBe('roll');
    expect(driftMarker([item('capacity')])).toBe('cap');
    expect(driftMarker([item('registry')])).toBe('reg');
    expect(driftMarker([item('files'), item('image'), item('rollout')])).toBe('3');
    for (const kind of ['files', 'image', 'rollout', 'instances', 'registry', 'capacity'] as const)
      expect(driftMarker([item(kind)]).length).toBeLessThanOrEqual(5);
  });
});

describe('fixes and the table', () => {
  it('builds the CLI command with its flags, and prints one line per item, ok for a clean group', () => {
    expect(actionFix('autoscale:update', 'web', { resume: true, canary: 1, quiet: false })).toEqual({
      kind: 'action',
      action: 'autoscale:update',
      groups: ['web'],
      flags: { resume: true, canary: 1, quiet: false },
      command: 'hangar autoscale:update web --resume --canary 1',
    });
    const text = formatDriftReport({
      groups: [
        { group: 'web', items: [item('image'), { ...item('registry'), fix: configFix('add "recipe[svc::api]" to web.run_list') }] },
        { group: 'api', items: [] },
      ],
      warnings: [],
    });
    expect(text.split('\n')).toEqual([
      'GROUP  KIND      SUMMARY             FIX',
      'web    image     image drifts        hangar packer:run web',
      'web    registry  registry drifts     add "recipe[svc::api]" to web.run_list',
      'api    ok        matches nodes.json',
      '2 groups: 1 drifting (2 items; --json gives the evidence)',
    ]);
  });
});
