// hangar as a library: the pure core (config engine and generators), for scripts and benchmarks.
export * from './config/index.js';
export * from './generate/index.js';
export { HangarError, usageError, formatError, EXIT } from './errors.js';
