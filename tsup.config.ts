import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig } from 'tsup';

// One ESM bundle for the CLI. Dynamic imports become separate chunks, so a local action never loads the
// AWS SDK, etcd, Ink or React (test/architecture.test.ts checks the built graph).
//
// Start-up time is mostly module loading, so the small dependencies every command needs (zod, handlebars,
// diff, picomatch...) and the workbench's (ink, react, zustand) are bundled into their chunks: one file
// read and compiled instead of hundreds resolved one by one in node_modules. The AWS SDK and etcd3 stay in
// node_modules (loaded lazily, behind dynamic imports). Sourcemaps are written beside every chunk.

const localRequire = createRequire(import.meta.url);
const zodLocales = join(dirname(localRequire.resolve('zod/package.json')), 'v4', 'locales');

/** Dependencies bundled into dist (each with its subpaths); every other dependency stays in node_modules. */
const BUNDLED = ['zod', 'diff', 'handlebars', 'picomatch', '@humanwhocodes/momoa', 'fastest-levenshtein', 'p-limit', 'ink', 'react', 'zustand'];

/** The AWS SDK packages hangar's own clients use: bundled (tree-shaken to the commands of src/aws/sdk-*.ts) where src/aws imports them. */
const SDK = ['@aws-sdk/client-ec2', '@aws-sdk/client-auto-scaling', '@smithy/core', 'fast-xml-parser'];

/**
 * The sandbox reads every shape of EC2 and Auto Scaling (service-table.ts loads whole SDK modules as schema
 * tables): bundled, that would drag the whole 2 MB EC2 model into the clients' chunks. Its imports of the
 * SDK stay in node_modules; a process running the sandbox then holds two copies, each self-consistent.
 */
const sdkOutsideSandbox: Plugin = {
  name: 'sdk-outside-sandbox',
  setup(build) {
    build.onResolve({ filter: /^(@aws-sdk|@smithy)\/|^fast-xml-parser$/ }, (args) =>
      /[\\/]src[\\/]sandbox[\\/]/.test(args.importer) ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * Leaves out what hangar never runs: zod's 60 message locales (hangar uses the default English one) and
 * handlebars' optional `source-map` (only for compiling templates to source with maps; handlebars falls back
 * when it is missing).
 */
const trimUnused: Plugin = {
  name: 'trim-unused',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /zod\/v4\/(classic|core)\//.test(args.importer) ? { path: 'zod-locales', namespace: 'trim-unused' } : undefined,
    );
    build.onResolve({ filter: /^source-map$/ }, (args) =>
      args.importer.includes('handlebars') ? { path: 'source-map', namespace: 'trim-unused' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'trim-unused' }, (args) =>
      args.path === 'zod-locales'
        ? { contents: `export { default as en } from './en.js';`, loader: 'js', resolveDir: zodLocales }
        : { contents: `throw new Error('source-map is not bundled');`, loader: 'js' },
    );
  },
};

const narrowText = join(dirname(fileURLToPath(import.meta.url)), 'src', 'tui', 'terminal', 'narrow-text.ts');

/** Every bundled `string-width` (Ink's, wrap-ansi's...) gets src/tui/terminal/narrow-text.ts's fast path in front. */
const fastStringWidth: Plugin = {
  name: 'fast-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'real' });
      return real.errors.length ? { errors: real.errors } : { path: real.path, namespace: 'fast-string-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      contents: [
        `import stringWidth from ${JSON.stringify(args.path)};`,
        `import { withNarrowFastPath } from ${JSON.stringify(narrowText)};`,
        'export default withNarrowFastPath(stringWidth);',
      ].join('\n'),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Yoga (Ink's layout engine) ships its WebAssembly as a base64 `data:` URL, and its Emscripten loader reads it
 * with `fetch` whenever `fetch` exists. In Node that first `fetch` loads undici, about 25 ms before the
 * workbench's first frame, only to decode a string: the loader's own synchronous base64 path is taken instead.
 * The build fails if the pattern is gone (a yoga-layout upgrade) rather than silently losing the saving.
 */
const YOGA_FETCH = '"function"!=typeof fetch?Promise.resolve()';
const yogaWithoutFetch: Plugin = {
  name: 'yoga-without-fetch',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(YOGA_FETCH)) return { errors: [{ text: `yoga-without-fetch: "${YOGA_FETCH}" not found in ${args.path}` }] };
      return { contents: source.replace(YOGA_FETCH, '!0?Promise.resolve()'), loader: 'js' };
    });
  },
};

/**
 * The AWS SDK's schema modules (one per client: every shape of the service) write their traits with computed
 * keys, `{ [_xN]: "..." }`, where `_xN` is a string constant of the same module. esbuild cannot prove a computed
 * key free of side effects, so it keeps every shape: 800 KB of EC2 in every AWS action's start-up. Each such key
 * is replaced by the constant's own string literal (the same object), and the shapes hangar's commands do not
 * reach are then dropped. A key whose constant is not a string literal of the module (or is `__proto__`) fails the build.
 */
const sdkSchemaKeys: Plugin = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: /@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const strings = new Map([...source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)].map((m) => [m[1], m[2]] as const));
      const unknown = new Set<string>();
      const contents = source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
        // `{ "__proto__": v }` would set the prototype where `{ ["__proto__"]: v }` makes a property: never rewritten.
        const found = strings.get(name);
        const literal = found === '"__proto__"' ? undefined : found;
        if (literal === undefined) unknown.add(name);
        return literal === undefined ? key : `${literal}:`;
      });
      if (unknown.size) return { errors: [{ text: `sdk-schema-keys: ${[...unknown].join(', ')} not string constants in ${args.path}` }] };
      return { contents, loader: 'js' };
    });
  },
};

const root = dirname(fileURLToPath(import.meta.url));

/** src/generate/precompiled.ts gets the built-in templates compiled ahead of time (same options as at run time). */
const precompileTemplates: Plugin = {
  name: 'precompile-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]generate[\\/]precompiled\.ts$/ }, async () => {
      const { default: Handlebars } = await import('handlebars');
      const { COMPILE_OPTIONS } = await import('./src/generate/templates.js');
      const dir = join(root, 'templates');
      const entries = readdirSync(dir)
        .filter((name) => name.endsWith('.hbs'))
        .map((name) => {
          const source = readFileSync(join(dir, name), 'utf8');
          return `${JSON.stringify(name)}: { source: ${JSON.stringify(source)}, spec: ${Handlebars.precompile(source, COMPILE_OPTIONS)} }`;
        });
      return { contents: `export const PRECOMPILED = {\n${entries.join(',\n')}\n};\n`, loader: 'js' };
    });
  },
};

export default defineConfig({
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: true,
  // Not cleaned: several builds may run side by side in development; chunk names are content hashes.
  clean: false,
  // Bundled CommonJS packages (handlebars, react, signal-exit) call `require` for Node's built-ins: every ESM
  // chunk gets one (esbuild's shared `__require` helper reads the free variable of the chunk it lands in).
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __hangarCreateRequire } from 'node:module';\nconst require = __hangarCreateRequire(import.meta.url);",
  },
  noExternal: [...BUNDLED, ...SDK].map((name) => new RegExp(`^${name}(/|$)`)),
  // Ink imports it only when DEV=true (React devtools): not installed, never bundled.
  external: ['react-devtools-core'],
  // React's production build: the development one is twice the code and checks every render.
  define: { 'process.env.NODE_ENV': '"production"' },
  esbuildPlugins: [sdkOutsideSandbox, trimUnused, fastStringWidth, precompileTemplates, yogaWithoutFetch, sdkSchemaKeys],
  esbuildOptions(options) {
    // Less to read and compile at start; identifiers are kept, so stack traces stay readable.
    options.minifyWhitespace = true;
    options.minifySyntax = true;
  },
});
