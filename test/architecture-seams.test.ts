// The seams of ARCHITECTURE.md: one process runner, the sandbox chosen once in the runtime, lower layers free of actions/ types.
import { describe, expect, it } from 'vitest';
import { cliFiles, codeOf, offendingImports, repoPath, sourceFiles, srcFolders } from './helpers/source-imports.js';

/** Layers below the catalog: they get what they need as small types of their own, never an action's context or options. */
const BELOW_ACTIONS = new Set(['aws', 'packer', 'deploy', 'registry', 'chef', 'locks', 'history', 'config', 'generate']);
/** Folders that are neither the catalog nor a front end nor the runner of actions: use cases added later count as lower too. */
const NOT_LOWER = new Set(['actions', 'tui', 'jobs', 'sandbox']);

/** Reads of the --sandbox flag: `options.sandbox`, `ctx.options.sandbox`, `request.sandbox`, `{ sandbox } = options`... */
const SANDBOX_READ = /(?<!\bruntime\??)\.sandbox\b|\{[^{}]*\bsandbox\b[^{}]*\}\s*=/;
/** Where the flag may be read: the runtime builds the backends from it, the sandbox is the backend, flags.ts declares and parses it. */
const MAY_READ_SANDBOX = [/^src\/runtime\.ts$/, /^src\/sandbox\//, /^src\/actions\/flags\.ts$/];

describe('seams', () => {
  it('execa is imported from src/process/ only (one process runner)', () => {
    const outside = srcFolders()
      .filter((folder) => folder !== 'process')
      .map((folder) => `src/${folder}`);
    expect(offendingImports([...outside, ...cliFiles(), 'src/runtime.ts', 'src/index.ts'], /^execa$|^node:child_process$/)).toEqual([]);
  });

  it('no file outside src/runtime.ts and src/sandbox/ branches on the sandbox flag', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('src')) {
      const path = repoPath(file);
      if (MAY_READ_SANDBOX.some((allowed) => allowed.test(path))) continue;
      codeOf(file)
        .split('\n')
        .forEach((line, index) => {
          if (SANDBOX_READ.test(line)) offenders.push(`${path}:${index + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('lower layers import nothing from src/actions/, not even a type', () => {
    const lower = srcFolders().filter((folder) => BELOW_ACTIONS.has(folder) || !NOT_LOWER.has(folder));
    expect(lower).toEqual(expect.arrayContaining([...BELOW_ACTIONS]));
    const dirs = lower.map((folder) => `src/${folder}`);
    expect(offendingImports(dirs, /(^|\/)actions\//)).toEqual([]);
  });

  it('src/jobs/ imports nothing from src/aws/', () => {
    expect(offendingImports(['src/jobs'], /(^|\/)aws\//)).toEqual([]);
  });

  it('the TUI opens the registry through the runtime, not by importing src/registry/ code (types are fine)', () => {
    expect(offendingImports(['src/tui', ...cliFiles()], /(^|\/)registry\//, { valuesOnly: true })).toEqual([]);
  });
});
