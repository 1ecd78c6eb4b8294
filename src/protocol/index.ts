/** MMCP protocol layer: wire types, errors and client-side validation. No I/O, no Babylon. */
export * from './types.js';
export * from './errors.js';
export * from './text.js';
export * from './size.js';
export { collectSchemaIssues, isAcceptableVideoUrl, isStrictBase64, type SchemaIssues } from './schema.js';
export { protocolError, schemaError, skeletonError } from './fail.js';
export { collectClientRuleIssues, normalizeRequest } from './client-rules.js';
export * from './validate.js';
export * from './gate.js';
export * from './timeline.js';
export * from './densify.js';
export * from './capabilities.js';
export * from './video.js';
