import { defineConfig } from 'vite';

/**
 * Dev server for the samples and the browser tests. COOP/COEP make the page cross-origin
 * isolated, which onnxruntime-web needs for WASM threads (docs/local.md).
 */
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export default defineConfig({
  root: '.',
  appType: 'mpa',
  server: { host: '127.0.0.1', headers: isolationHeaders, fs: { allow: ['.', '../shared'] } },
  preview: { host: '127.0.0.1', headers: isolationHeaders },
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    include: ['comlink', 'idb-keyval'],
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
