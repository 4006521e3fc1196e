// Layering rules of ARCHITECTURE.md, checked on the source (static and dynamic imports) and on the built bundle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliFiles, importsOf, offendingImports, repoPath, sourceFiles } from './helpers/source-imports.js';
import { ROOT } from './helpers/project.js';

/** The core: pure code every front end and adapter builds on. */
const CORE = ['src/config', 'src/generate', 'src/chef'];

const dist = join(ROOT, 'dist');

/** The chunks a built file imports statically. Minified chunks put several on one line: `import{a}from"./chunk-X.js";import"./chunk-Y.js";`. */
function staticImportsOf(file: string): string[] {
  const code = readFileSync(join(dist, file), 'utf8');
  return [...code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"()]*?from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
}

/** The local chunks a built file loads with `import("./x.js")`. */
function dynamicImportsOf(file: string): string[] {
  const code = readFileSync(join(dist, file), 'utf8');
  return [...new Set([...code.matchAll(/\bimport\(\s*["']\.\/([^"']+)["']\s*\)/g)].map((m) => m[1]!))];
}

/** Every source file of the chunks `file` loads statically, itself included (from their sourcemaps). */
function staticSourcesOf(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const { sources } = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
  const local = staticImportsOf(file).filter((spec) => spec.startsWith('./'));
  return [...sources, ...local.flatMap((spec) => staticSourcesOf(spec.slice(2), seen))];
}

describe('layers', () => {
  it('the core (config, generate, chef) imports no adapter, front end, Ink, React or child-process code, not even lazily', () => {
    const forbidden =
      /(^|\/)(aws|packer|deploy|registry|sandbox|tui|actions|jobs|locks|history|process|runtime(\.js)?)(\/|$)|^@aws-sdk|^ink|^react|^execa|^etcd3|^node:child_process/;
    expect(offendingImports(CORE, forbidden)).toEqual([]);
  });

  it('the CLI and the TUI reach AWS, packer, ssh and the sandbox only through the catalog, the jobs and the runtime', () => {
    // src/process/split-command-line.ts is pure text parsing (the palette splits its input with it); running a process is not.
    const forbidden = /(^|\/)(aws|packer|deploy|sandbox)\/|(^|\/)process\/(?!split-command-line\.js$)|^@aws-sdk|^execa|^node:child_process/;
    expect(cliFiles()).toContain('src/cli-main.ts');
    expect(offendingImports([...cliFiles(), 'src/tui'], forbidden)).toEqual([]);
  });

  it('reads dynamic imports too (the rules above would otherwise miss a lazy import)', () => {
    const specs = importsOf(join(ROOT, 'src/cli-main.ts'));
    expect(specs).toContainEqual({ spec: './tui/main.js', typeOnly: false, dynamic: true });
    expect(importsOf(join(ROOT, 'src/cli.ts'))).toContainEqual({ spec: './cli-main.js', typeOnly: false, dynamic: true });
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

  it('the built CLI statically loads none of them nor the generator, neither from node_modules nor bundled into its chunks (they sit behind dynamic imports)', () => {
    expect(existsSync(join(dist, 'cli.js')), 'build first').toBe(true);
    const seen = new Set<string>();
    const staticImports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of staticImportsOf(file)) {
        if (spec.startsWith('./')) visit(spec.slice(2));
        else staticImports.push(spec);
      }
    };
    // cli.js only reads the action word, then loads one of two entries (the full CLI, the lean agent): both graphs are read.
    const entries = dynamicImportsOf('cli.js');
    expect(entries.length).toBe(2);
    for (const file of ['cli.js', ...entries]) visit(file);
    const heavy = /^(@aws-sdk\/|@smithy\/|etcd3|ink|react|react-reconciler|zustand|yoga-layout)(\/|$)/;
    expect(staticImports.filter((s) => heavy.test(s))).toEqual([]);
    // Bundled packages leave no import behind: each chunk's sourcemap names every file it was built from.
    const bundled = [...seen].flatMap((file) => {
      const map = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] };
      return map.sources.map((source) => source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter((name) => name !== undefined);
    });
    expect([...new Set(bundled)].filter((name) => heavy.test(name))).toEqual([]);
    // Nor the generator: handlebars loads when an action that renders files runs (src/actions/generate-actions.ts).
    expect(bundled).not.toContain('handlebars');
    // The proof reads what it claims to: the graph has several chunks, and what every command needs is in it.
    expect(seen.size).toBeGreaterThan(3);
    expect(bundled).toContain('zod');
    expect(bundled).toContain('@humanwhocodes/momoa');
  });

  it('`hangar agent` loads a lean entry: neither the catalog, the config loader, the templates nor the workbench', () => {
    expect(existsSync(join(dist, 'cli.js')), 'build first').toBe(true);
    const entries = dynamicImportsOf('cli.js');
    const agentEntry = entries.find((file) => staticSourcesOf(file).some((s) => s.endsWith('src/cli-agent.ts')));
    expect(agentEntry, `the agent entry among ${entries.join(', ')}`).toBeDefined();
    const sources = staticSourcesOf(agentEntry!);
    // The proof reads what it claims to: the agent's action and the job runner are in the graph.
    expect(sources.some((s) => s.endsWith('src/actions/agent-action.ts'))).toBe(true);
    expect(sources.some((s) => s.endsWith('src/jobs/job.ts'))).toBe(true);
    const heavy =
      /src\/actions\/catalog\.ts$|src\/config\/load\.ts$|src\/generate\/|src\/tui\/|node_modules\/(handlebars|@humanwhocodes\/momoa|diff|ink|react)\//;
    expect(sources.filter((s) => heavy.test(s))).toEqual([]);
  });

  it('the workbench and the AWS clients are bundled into chunks that only dynamic imports reach', () => {
    const sourcesOf = (file: string) => (JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
    const chunks = readdirSync(dist).filter((f) => f.endsWith('.js'));
    const holding = (pkg: string) => chunks.filter((f) => sourcesOf(f).some((s) => s.includes(`node_modules/${pkg}/`)));
    expect(holding('ink').length).toBeGreaterThan(0);
    expect(holding('@aws-sdk/client-ec2').length).toBeGreaterThan(0);
  });
});
