/** Clip operations: resample, play in place, loop-seam check, rest-pose FK. */
export { resampleClip } from './resample.js';
export { clipInPlace, type InPlaceOptions } from './in-place.js';
export { loopSeamError, isSeamless, type LoopSeamError, type LoopSeamTolerance } from './loop-seam.js';
export { restWorldPositions } from './rest.js';
