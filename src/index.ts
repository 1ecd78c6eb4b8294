/**
 * babylon-mmcp: generated character motion for Babylon.js.
 *
 * The root entry re-exports the protocol and motion layers and the Babylon facade.
 * Subpaths keep heavy parts opt-in: `babylon-mmcp/local` (in-page model), `babylon-mmcp/editor`
 * (Inspector pane), `babylon-mmcp/server` (Node).
 * @packageDocumentation
 */
export * from './protocol/index.js';
export * from './motion/index.js';
export * from './remote/index.js';
export type * from './backend.js';
export * from './babylon/index.js';
