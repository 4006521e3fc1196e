// The config engine's public surface.
export { findConfig, CONFIG_FILE } from './find.js';
export { loadConfig, loadConfigText, BASE, SETTINGS, type Config, type NodeGroup } from './load.js';
export { mergeGroup, fullRunList, appendUnique, isPlainObject, type Origin, type JsonObject } from './merge.js';
export { groupOf, selectGroups } from './select.js';
export { configHash, canonicalJson } from './hash.js';
export { GROUP_NAME, type GroupConfig, type Settings, type ServiceConfig, type AutoscaleConfig } from './schema.js';
export type { JsonValue } from './parse.js';
export { servicesOf, serviceOfRecipe, type ServiceSpec } from './services.js';
export { annotateMerged, formatAnnotated, type AnnotatedLine } from './show.js';
export { MAX_CONFIG_BYTES, MAX_DEPTH, MAX_GROUP_NAME, FORBIDDEN_KEYS } from './limits.js';
export { checkRequirements, requirementsOf, IMAGE_REQUIREMENTS, type Requirement, type Requirements } from './requirements.js';
export { checkPaths, STATE_DIR } from './paths.js';
