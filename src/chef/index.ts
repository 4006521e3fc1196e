// The chef repo: discovery, content hash, node layout, bundles for deploys and steps for images.
export * from './repo.js';
export * from './entries.js';
export * from './layout.js';
export * from './bundle.js';
export * from './image-steps.js';
export * from './run-list-check.js';
export { packTar } from './tar.js';
export { quoteShell } from './shell-quote.js';
