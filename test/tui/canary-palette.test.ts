// The workbench palette offers the canary flags: its completion is built from the catalog's flag declarations.
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/actions/catalog.js';
import { paletteEntriesOf } from '../../src/tui/workbench.js';
import { suggest } from '../../src/tui/widgets/palette/palette-reducer.js';

describe('palette completion of the canary flags', () => {
  const entries = paletteEntriesOf(catalog);

  it('instance:deploy completes --can to --canary and --canary-pause', () => {
    expect(suggest('instance:deploy web --can', entries, ['web']).map((s) => s.value)).toEqual(['--canary', '--canary-pause']);
  });

  it('autoscale:update completes --can to --canary, with what it does', () => {
    const [only, ...rest] = suggest('autoscale:update web --can', entries, ['web']);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ value: '--canary', detail: expect.stringContaining('scale it to full capacity once they are healthy') });
  });
});
