/** The one place the cache depends on the motion codec: parse-checking stored GLB bytes. */
export { parseMotionDocument as parseDocument } from '../motion/index.js';
