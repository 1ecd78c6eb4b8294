#!/usr/bin/env node
// Serves the samples and test pages on 127.0.0.1 with the headers the in-page model needs.
// `/shared/…` maps to ../shared (test material that is not copied into the repository).
import { createServer } from 'vite';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.PORT ?? 5173);
// --no-hmr (browser tests): no hot reload, so files edited while a test runs cannot reload its page.
const noHmr = args.includes('--no-hmr') || process.env.MMCP_NO_HMR === '1';
const sharedDir = resolve(process.cwd(), '../shared');
const MIME = { '.md': 'text/markdown; charset=utf-8', '.glb': 'model/gltf-binary', '.gltf': 'model/gltf+json', '.json': 'application/json', '.bvh': 'text/plain', '.vrm': 'model/gltf-binary', '.onnx': 'application/octet-stream' };

const server = await createServer({
  configFile: resolve(process.cwd(), 'vite.config.ts'),
  server: { port, strictPort: true, host: '127.0.0.1', ...(noHmr ? { hmr: false, watch: null } : {}) },
  plugins: [
    {
      name: 'mmcp-shared-dir',
      configureServer(srv) {
        // Model packages are data: served byte for byte (Vite would try to transform LICENSE, *.md …).
        const modelsDir = resolve(process.cwd(), 'models');
        srv.middlewares.use((req, res, next) => {
          if (!req.url?.startsWith('/models/')) return next();
          const path = join(modelsDir, decodeURIComponent(req.url.slice('/models/'.length).split('?')[0] ?? ''));
          if (!path.startsWith(modelsDir) || !existsSync(path) || !statSync(path).isFile()) return next();
          res.setHeader('Content-Type', MIME[extname(path)] ?? 'application/octet-stream');
          res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
          createReadStream(path).pipe(res);
        });
        srv.middlewares.use((req, res, next) => {
          if (!req.url?.startsWith('/shared/')) return next();
          const path = join(sharedDir, decodeURIComponent(req.url.slice('/shared/'.length).split('?')[0] ?? ''));
          if (!path.startsWith(sharedDir) || !existsSync(path) || !statSync(path).isFile()) { res.statusCode = 404; return res.end('not found'); }
          res.setHeader('Content-Type', MIME[extname(path)] ?? 'application/octet-stream');
          res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
          createReadStream(path).pipe(res);
        });
      },
    },
  ],
});
await server.listen();
console.log(`babylon-mmcp samples: http://127.0.0.1:${port}/`);
console.log(`  quickstart: http://127.0.0.1:${port}/samples/quickstart/`);
console.log(`  NPC crowd:  http://127.0.0.1:${port}/samples/npc/`);
console.log(`  editor:     http://127.0.0.1:${port}/samples/editor/`);
console.log('The default in-page model is non-commercial (CC BY-NC 4.0). Ctrl+C stops the server.');
