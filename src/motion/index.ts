/** Motion layer: typed-array clips and the glTF/GLB codec for MMCP response documents. */
export type * from './types.js';
