/**
 * Source-tree alias of the worker entry: `LocalBackend` starts `./local-worker.js`, which is
 * `dist/local-worker.js` in the published build and resolves to this file under Vite dev.
 */
import './worker.js';
