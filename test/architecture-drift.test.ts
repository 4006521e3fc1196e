// The drift folder's rule (ARCHITECTURE.md): the judgement is pure, and one adapter file gathers from AWS, loaded lazily.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, offendingImports } from './helpers/source-imports.js';
import { ROOT } from './helpers/project.js';

const driftFiles = () => readdirSync(join(ROOT, 'src/drift')).filter((name) => name.endsWith('.ts'));
/** The judgement and what it is made of: pure functions of a snapshot. */
const PURE = /^(judge.*|snapshot|types|marker|fix|format)\.ts$/;

describe('drift', () => {
  it('the judgement (judge*.ts, snapshot, types, marker, fix, format) imports no adapter, SDK, node: module, job or front end, not even lazily', () => {
    const pure = driftFiles().filter((name) => PURE.test(name));
    expect(pure).toEqual(expect.arrayContaining(['judge.ts', 'judge-build.ts', 'judge-run.ts', 'judge-registry.ts', 'marker.ts']));
    const forbidden = /(^|\/)(aws|registry|packer|deploy|sandbox|process|jobs|actions|tui|locks|history)\/|^@aws-sdk|^etcd3|^execa|^node:|^ink|^react/;
    expect(
      offendingImports(
        pure.map((name) => `src/drift/${name}`),
        forbidden,
        { valuesOnly: true },
      ),
    ).toEqual([]);
  });

  it('only gather.ts calls AWS (src/aws values, the SDK), and collect.ts loads it lazily', () => {
    const others = driftFiles()
      .filter((name) => name !== 'gather.ts')
      .map((name) => `src/drift/${name}`);
    // asg-settings.ts is pure (the capacity nodes.json asks for): no call.
    expect(offendingImports(others, /^@aws-sdk|(^|\/)aws\/(?!asg-settings\.js$)/, { valuesOnly: true })).toEqual([]);
    const gather = importsOf(join(ROOT, 'src/drift/collect.ts')).find((i) => i.spec === './gather.js');
    expect(gather).toEqual({ spec: './gather.js', typeOnly: false, dynamic: true });
  });
});
