// Builds dist/: one ESM file per public entry (plus shared chunks) and bundled .d.ts files.
// Every bare import stays external, so a consumer's bundler resolves Babylon, onnxruntime,
// comlink and idb-keyval once, and an entry pulls in only what it imports.
import { existsSync } from 'node:fs';
import esbuild from 'rollup-plugin-esbuild';
import dts from 'rollup-plugin-dts';

/** Public entry points: `exports` subpath → source file. */
const ENTRIES = {
  index: 'src/index.ts',
  protocol: 'src/protocol/index.ts',
  motion: 'src/motion/index.ts',
  remote: 'src/remote/index.ts',
  cache: 'src/cache/index.ts',
  local: 'src/local/index.ts',
  'local-worker': 'src/local/worker.ts',
  editor: 'editor/index.ts',
  server: 'src/server/index.ts',
};
const input = Object.fromEntries(Object.entries(ENTRIES).filter(([, file]) => existsSync(file)));
const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const typeInput = Object.fromEntries(Object.entries(input).filter(([name]) => name !== 'local-worker'));

export default [
  {
    input,
    external,
    plugins: [esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', jsx: 'automatic' })],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', sourcemap: true },
  },
  {
    input: typeInput,
    external,
    plugins: [dts({ tsconfig: 'tsconfig.json' })],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/[name]-[hash].d.ts' },
  },
];
