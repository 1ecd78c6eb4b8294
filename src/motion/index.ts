/** Motion layer: typed-array clips and the glTF/GLB codec for MMCP response documents. */
export type * from './types.js';
export { MotionFormatError, isMotionFormatError, type MotionFormatCode } from './errors.js';
export { parseMotionDocument, type MotionDocumentInput, type ParseMotionOptions } from './parse.js';
export { encodeMotionDocument, DEFAULT_MMCP_VERSION, type EncodeMotionOptions } from './encode.js';
export { glbToGltf, gltfToGlb, readGlb, writeGlb, type GlbParts } from './glb.js';
export { toGlbBytes } from './convert.js';
export { stringifyGltfJson } from './float-json.js';
export * from './ops/index.js';
export type { JsonObject } from './json-check.js';
export { parseBvh, BvhFormatError, type BvhOptions, type BvhMotion } from './bvh.js';
