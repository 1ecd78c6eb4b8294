/**
 * Builds two tiny apps with esbuild (minify, ESM, code splitting) and measures what loads
 * eagerly: `core` imports `babylon-mmcp` (src/index.ts) only; `editor` also opens the Motion
 * editor with `await import('babylon-mmcp/editor')` on a click. "Eager" = the entry chunk plus
 * its static-import closure. Used by `bench/bundle.bench.ts` and `test/unit/bundle-editor.test.ts`.
 */
import { build, type Metafile } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What one app build loads. */
export interface AppBundle {
  name: string;
  /** Output files loaded at start (entry + static imports). */
  eagerFiles: string[];
  eagerBytes: number;
  eagerGzipBytes: number;
  /** All output JS (eager + lazy chunks). */
  totalBytes: number;
  /** Source files (metafile inputs) that end up in the eager files. */
  eagerInputs: string[];
  /** Every source file bundled (eager or lazy). */
  allInputs: string[];
  metafile: Metafile;
}

/** Source paths that belong to the editor stack: React, Fluent UI, the Inspector, the pane. */
export const EDITOR_STACK = /(node_modules\/(react|react-dom|scheduler|@fluentui|@fluentui-contrib|@griffel|@babylonjs\/inspector|@babylonjs\/shared-ui-components|usehooks-ts)\/)|^editor\//;

const APPS: Record<string, string> = {
  core: `import * as mmcp from '@root/src/index.ts';
document.body.dataset.api = String(Object.keys(mmcp).length);
`,
  /** Control for the detector: an app that imports React and Fluent statically (must be flagged). */
  control: `import * as mmcp from '@root/src/index.ts';
import { createElement } from 'react';
import { Button } from '@fluentui/react-components';
document.body.dataset.api = String(Object.keys(mmcp).length) + String(createElement(Button));
`,
  editor: `import * as mmcp from '@root/src/index.ts';
document.body.dataset.api = String(Object.keys(mmcp).length);
document.getElementById('open')?.addEventListener('click', async () => {
  const { showMotionInspector } = await import('@root/editor/index.ts');
  await showMotionInspector((window as any).scene);
});
`,
};

function closure(meta: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  return [...seen];
}

/** Builds `app` (`core`, `editor` or the detector's `control`) into `.cache/bundle/<app>/` and measures it. */
export async function measureApp(app: 'core' | 'editor' | 'control', root = process.cwd()): Promise<AppBundle> {
  const dir = resolve(root, '.cache/bundle', app);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'out'), { recursive: true });
  const entry = join(dir, 'app.ts');
  writeFileSync(entry, APPS[app]!.replaceAll('@root/', `${resolve(root)}/`));
  const result = await build({
    entryPoints: [entry],
    outdir: join(dir, 'out'),
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    target: 'es2022',
    metafile: true,
    jsx: 'automatic',
    loader: { '.wasm': 'file' },
    logLevel: 'error',
    write: true,
  });
  const meta = result.metafile;
  // Dynamic import() targets are entry points too: take the output of app.ts itself.
  const entryOut = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint?.endsWith(`bundle/${app}/app.ts`))!;
  const eagerFiles = closure(meta, entryOut);
  const eagerInputs = new Set<string>();
  let eagerBytes = 0;
  let eagerGzipBytes = 0;
  for (const f of eagerFiles) {
    eagerBytes += meta.outputs[f]!.bytes;
    eagerGzipBytes += gzipSync(readFileSync(resolve(root, f))).byteLength;
    for (const i of Object.keys(meta.outputs[f]!.inputs)) eagerInputs.add(i);
  }
  const js = Object.entries(meta.outputs).filter(([o]) => o.endsWith('.js'));
  return {
    name: app,
    eagerFiles,
    eagerBytes,
    eagerGzipBytes,
    totalBytes: js.reduce((a, [, o]) => a + o.bytes, 0),
    eagerInputs: [...eagerInputs],
    allInputs: Object.keys(meta.inputs),
    metafile: meta,
  };
}
