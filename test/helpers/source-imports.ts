// Reads the source tree for the architecture tests: every import of a file (static, re-export, side-effect and dynamic import()).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './project.js';

export interface SourceImport {
  /** The module specifier as written. */
  spec: string;
  /** `import type` / `export type`: erased at build time. */
  typeOnly: boolean;
  /** `import('...')`: loaded when the code runs, not when the file loads. */
  dynamic: boolean;
}

/** Every .ts/.tsx file under `dir` (a path relative to the repository root), or the file itself. */
export function sourceFiles(dir: string): string[] {
  const path = join(ROOT, dir);
  if (statSync(path, { throwIfNoEntry: false })?.isFile()) return [path];
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return [];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(path, entry.name)] : [],
  );
}

/** The top-level folders of src/ (the layers as they are today, including ones added later). */
export function srcFolders(): string[] {
  return readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}

/** The CLI front end's files: src/cli.ts (the entry that picks one of the others) and src/cli-*.ts. */
export function cliFiles(): string[] {
  return readdirSync(join(ROOT, 'src'))
    .filter((name) => /^cli(-[a-z-]+)?\.ts$/.test(name))
    .map((name) => `src/${name}`);
}

export const repoPath = (file: string): string => relative(ROOT, file);

/** The code of a file without its comments and with every string, template and regex body emptied (what is left is code). */
export function codeOf(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, "''");
}

const STATIC = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\bfrom\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g;

/** Every import of a file: `import ... from`, `export ... from`, `import 'x'`, and `import('x')` with a literal specifier. */
export function importsOf(file: string): SourceImport[] {
  const text = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const imports: SourceImport[] = [];
  for (const m of text.matchAll(STATIC)) imports.push({ spec: m[3]!, typeOnly: Boolean(m[2]), dynamic: false });
  for (const m of text.matchAll(DYNAMIC)) imports.push({ spec: m[1]!, typeOnly: false, dynamic: true });
  return imports;
}

/** `file -> spec` for every import of the files under `dirs` whose specifier matches `forbidden` (type-only ones too unless `valuesOnly`). */
export function offendingImports(dirs: readonly string[], forbidden: RegExp, { valuesOnly = false } = {}): string[] {
  const offenders: string[] = [];
  for (const file of dirs.flatMap(sourceFiles)) {
    for (const { spec, typeOnly, dynamic } of importsOf(file)) {
      if (valuesOnly && typeOnly) continue;
      if (forbidden.test(spec)) offenders.push(`${repoPath(file)} -> ${dynamic ? `import('${spec}')` : spec}`);
    }
  }
  return offenders;
}
