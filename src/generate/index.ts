// The generator's public surface: render, plan against disk, write atomically.
export * from './files.js';
export * from './plan.js';
export { writeAtomic, writeIfChanged, readIfExists, fileErrorReason, nodeWriteIo, type WriteIo } from '../fs/atomic-write.js';
export { loadTemplate, renderJson, builtinTemplatesDir, type TemplateName } from './templates.js';
export { escapePackerString, escapePackerValue, checkPackerLiterals } from './packer-escape.js';
