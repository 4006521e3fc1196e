import { defineConfig } from 'tsup';

// One ESM bundle for the CLI. Dynamic imports become separate chunks, so a
// local action never loads the AWS SDK, etcd, Ink or React.
export default defineConfig({
  entry: { cli: 'src/cli.ts', index: 'src/index.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: true,
  // Not cleaned: several builds may run side by side in development; chunk names are content hashes.
  clean: false,
  banner: { js: '#!/usr/bin/env node' },
  // Dependencies stay in node_modules: loaded on demand, not bundled.
  skipNodeModulesBundle: true,
});
