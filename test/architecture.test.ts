// Layering rules of style.md, checked on the source and on the built bundle.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/project.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('layers', () => {
  it('the core (config, generate) imports no AWS, registry, deploy, packer, TUI, Ink, React or child-process code', () => {
    const forbidden = /(^|\/)(aws|packer|deploy|registry|sandbox|tui|actions|jobs)\/|^@aws-sdk|^ink|^react|^execa|^etcd3|^node:child_process/;
    const offenders: string[] = [];
    for (const file of [...sourceFiles(join(ROOT, 'src/config')), ...sourceFiles(join(ROOT, 'src/generate'))]) {
      for (const spec of importsOf(file)) if (forbidden.test(spec)) offenders.push(`${relative(ROOT, file)} -> ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it('action modules load the AWS SDK, etcd3, Ink and React only lazily (await import)', () => {
    const heavy = /^(@aws-sdk\/|etcd3$|ink$|react$)/;
    const offenders: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src/actions'))) {
      for (const spec of importsOf(file)) {
        // `import type` is erased at build time.
        const typeOnly = new RegExp(`import type [^;]*['"]${spec.replace(/[/.]/g, '\\$&')}['"]`).test(readFileSync(file, 'utf8'));
        if (heavy.test(spec) && !typeOnly) offenders.push(`${relative(ROOT, file)} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the built CLI statically loads none of them (they sit behind dynamic imports)', () => {
    const dist = join(ROOT, 'dist');
    expect(existsSync(join(dist, 'cli.js')), 'build first').toBe(true);
    const seen = new Set<string>();
    const staticImports: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(dist, file), 'utf8');
      for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"()]*?from\s*)?["']([^"']+)["']/g)) {
        const spec = m[1]!;
        if (spec.startsWith('./')) visit(spec.slice(2));
        else staticImports.push(spec);
      }
    };
    visit('cli.js');
    expect(staticImports.filter((s) => /^(@aws-sdk\/|etcd3|ink|react|zustand)/.test(s))).toEqual([]);
    expect(staticImports).toContain('handlebars');
  });
});
