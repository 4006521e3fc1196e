// Layering rules of ARCHITECTURE.md, checked on the source (static and dynamic imports) and on the built bundle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, offendingImports, repoPath, sourceFiles } from './helpers/source-imports.js';
import { ROOT } from './helpers/project.js';

/** The core: pure code every front end and adapter builds on. */
const CORE = ['src/config', 'src/generate', 'src/chef'];

describe('layers', () => {
  it('the core (config, generate, chef) imports no adapter, front end, Ink, React or child-process code, not even lazily', () => {
    const forbidden =
      /(^|\/)(aws|packer|deploy|registry|sandbox|tui|actions|jobs|locks|history|process|runtime(\.js)?)(\/|$)|^@aws-sdk|^ink|^react|^execa|^etcd3|^node:child_process/;
    expect(offendingImports(CORE, forbidden)).toEqual([]);
  });

  it('the CLI and the TUI reach AWS, packer, ssh and the sandbox only through the catalog, the jobs and the runtime', () => {
    // src/process/split-command-line.ts is pure text parsing (the palette splits its input with it); running a process is not.
    const forbidden = /(^|\/)(aws|packer|deploy|sandbox)\/|(^|\/)process\/(?!split-command-line\.js$)|^@aws-sdk|^execa|^node:child_process/;
    expect(offendingImports(['src/cli.ts', 'src/tui'], forbidden)).toEqual([]);
  });

  it('reads dynamic imports too (the rules above would otherwise miss a lazy import)', () => {
    const specs = importsOf(join(ROOT, 'src/cli.ts'));
    expect(specs).toContainEqual({ spec: './tui/main.js', typeOnly: false, dynamic: true });
    expect(specs.filter((s) => !s.dynamic).length).toBeGreaterThan(5);
  });

  it('action modules load the AWS SDK, etcd3, Ink and React only lazily (await import)', () => {
    const heavy = /^(@aws-sdk\/|etcd3$|ink$|react$)/;
    const offenders = sourceFiles('src/actions').flatMap((file) =>
      importsOf(file)
        .filter(({ spec, typeOnly, dynamic }) => heavy.test(spec) && !typeOnly && !dynamic)
        .map(({ spec }) => `${repoPath(file)} -> ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the built CLI statically loads none of them, neither from node_modules nor bundled into its chunks (they sit behind dynamic imports)', () => {
    const dist = join(ROOT, 'dist');
    expect(existsSync(join(dist, 'cli.js')), 'build first').toBe(true);
    const seen = new Set<string>();
    const staticImports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(dist, file), 'utf8');
      // Minified chunks put several imports on one line: `import{a}from"./chunk-X.js";import"./chunk-Y.js";`.
      for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']([^"']+)["']/g)) {
        const spec = m[1]!;
        if (spec.startsWith('./')) visit(spec.slice(2));
        else staticImports.push(spec);
      }
    };
    visit('cli.js');
    const heavy = /^(@aws-sdk\/|@smithy\/|etcd3|ink|react|react-reconciler|zustand|yoga-layout)(\/|$)/;
    expect(staticImports.filter((s) => heavy.test(s))).toEqual([]);
    // Bundled packages leave no import behind: each chunk's sourcemap names every file it was built from.
    const bundled = [...seen].flatMap((file) => {
      const map = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
      return map.sources.map((source) => source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter((name) => name !== undefined);
    });
    expect([...new Set(bundled)].filter((name) => heavy.test(name))).toEqual([]);
    // The proof reads what it claims to: the graph has several chunks, and what every command needs is in it.
    expect(seen.size).toBeGreaterThan(3);
    expect(bundled).toContain('handlebars');
    expect(bundled).toContain('zod');
  });

  it('the workbench and the AWS clients are bundled into chunks that only dynamic imports reach', () => {
    const dist = join(ROOT, 'dist');
    const sourcesOf = (file: string) => (JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
    const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'));
    const holding = (pkg: string) => chunks.filter((f) => sourcesOf(f).some((s) => s.includes(`node_modules/${pkg}/`)));
    expect(holding('ink').length).toBeGreaterThan(0);
    expect(holding('@aws-sdk/client-ec2').length).toBeGreaterThan(0);
  });
});
