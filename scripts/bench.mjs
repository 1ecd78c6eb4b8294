#!/usr/bin/env node
// `npm run bench -- <name>`: bundles bench/<name>.bench.ts with esbuild and runs it in Node.
// A benchmark prints `key=value` lines, headline figure last. Browser benchmarks drive
// Debian Chromium themselves (playwright-core) against scripts/serve.mjs.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const name = process.argv[2];
const available = existsSync('bench') ? readdirSync('bench').filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', '')) : [];
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
mkdirSync('.cache/bench', { recursive: true });
const outfile = `.cache/bench/${name}.mjs`;
await build({
  entryPoints: [`bench/${name}.bench.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['--expose-gc', outfile, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
