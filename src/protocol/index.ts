/** MMCP protocol layer: wire types, errors and client-side validation. No I/O, no Babylon. */
export * from './types.js';
export * from './errors.js';
