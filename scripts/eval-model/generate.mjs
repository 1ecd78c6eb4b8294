// Generation half of `npm run eval:model`: drives the real local runtime (src/local, on
// onnxruntime-node) with the request sets the evaluation needs and writes every sample as raw
// float32 (root positions + local quaternions) plus an index the Python side reads.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Measurement probe (changes no behaviour): wraps `warpRootTrack` so the evaluation sees the
 * model's own root path at the root_path keys *before* the runtime bends it through them.
 * Each call appends `{ frames, errors }` (metres, per key) to `globalThis.__evalPreWarp`.
 */
const preWarpProbe = {
  name: 'eval-pre-warp-probe',
  setup(b) {
    b.onLoad({ filter: /src[\\/]local[\\/]root-path\.ts$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      if (!src.includes('export function warpRootTrack(')) throw new Error('eval probe: warpRootTrack not found in root-path.ts');
      const probe = `
export function warpRootTrack(track: RootTrack, keys: RootKeys, fps: number): number {
  const sink = (globalThis as { __evalPreWarp?: unknown[] }).__evalPreWarp;
  if (sink) {
    const T = track.heading.length;
    const at = keys.frames.map((f, k) => ({ f, k })).filter(({ f }) => f < T);
    sink.push({ frames: at.map(({ f }) => f), errors: at.map(({ f, k }) => Math.hypot(keys.xz[k]![0] - track.xz[2 * f]!, keys.xz[k]![1] - track.xz[2 * f + 1]!)) });
  }
  return warpRootTrackUnprobed(track, keys, fps);
}
`;
      return { contents: src.replace('export function warpRootTrack(', 'function warpRootTrackUnprobed(') + probe, loader: 'ts' };
    });
  },
};

/** Bundles the runtime entry points the evaluation uses (TS sources → one Node ESM file). */
export async function loadRuntimeModule(cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, 'eval-runtime.mjs');
  await build({
    stdin: {
      contents: [
        "export { createNodeOrt, loadModelPackage, LocalRuntime } from './src/local/index.ts';",
        "export { promptWeights } from './src/local/prompt-weights.ts';",
        "export { labelOnlyVocabulary } from './src/local/prompt-weights.ts';",
      ].join('\n'),
      resolveDir: resolve('.'),
      loader: 'ts',
      sourcefile: 'eval-runtime-entry.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'error',
    plugins: [preWarpProbe],
  });
  return import(pathToFileURL(resolve(outfile)).href + `?t=${Date.now()}`);
}

/** Reads a package folder (manifest + every file it lists) into the runtime's `{ files }` source. */
export function readPackageFiles(dir) {
  const manifestBytes = readFileSync(join(dir, 'manifest.json'));
  const manifest = JSON.parse(manifestBytes.toString('utf8'));
  const files = { 'manifest.json': new Uint8Array(manifestBytes) };
  for (const name of Object.keys(manifest.files ?? {})) files[name] = new Uint8Array(readFileSync(join(dir, name)));
  return { manifest, files };
}

/** The style each content is evaluated with: `normal` where training saw it, else its most-trained style. */
export function contentStyle(manifest, content) {
  const stats = manifest.label_stats ?? {};
  if (stats[`${content}/normal`] || Object.keys(stats).length === 0) return 'normal';
  let best = 'normal';
  let frames = -1;
  for (const [key, v] of Object.entries(stats)) {
    const [c, s] = key.split('/');
    const f = v.frames ?? v.count ?? 0;
    if (c === content && f > frames) {
      best = s;
      frames = f;
    }
  }
  return best;
}

/** Contents a style was trained on (most frames first). */
export function styleContents(manifest, style) {
  return Object.entries(manifest.label_stats ?? {})
    .filter(([k]) => k.split('/')[1] === style)
    .sort((a, b) => (b[1].frames ?? b[1].count ?? 0) - (a[1].frames ?? a[1].count ?? 0))
    .map(([k]) => k.split('/')[0]);
}

/** Waypoint paths for the root_path figure: ground positions at 1 s keys (the character starts at the origin facing +Z). */
export function rootPaths(fps) {
  const seconds = 6;
  const keys = Array.from({ length: seconds }, (_, i) => (i + 1) * fps);
  const speed = 1.2; // m/s, a normal walk
  const straight = keys.map((f) => [0, (speed * f) / fps]);
  // Curved: a constant-speed arc of radius 5 m bending left (+X is the character's left).
  const R = 5;
  const curved = keys.map((f) => {
    const a = (speed * f) / fps / R;
    return [R * (1 - Math.cos(a)), R * Math.sin(a)];
  });
  // Turning: 2.5 s straight, a 90° left turn of radius 1 m, then straight along +X.
  const turning = keys.map((f) => {
    const s = (speed * f) / fps;
    const a = 2.4;
    const r = 1;
    const arc = (Math.PI / 2) * r;
    if (s <= a) return [0, s];
    if (s <= a + arc) {
      const th = (s - a) / r;
      return [r * (1 - Math.cos(th)), a + r * Math.sin(th)];
    }
    return [r + (s - a - arc), a + r];
  });
  return { frames: seconds * fps + fps / 2, keys, paths: { straight, curved, turning } };
}

/**
 * Runs every request set through the runtime and writes `<outDir>/samples.f32` + `index.json`.
 * Returns the index (also holds timings and root_path results measured on the JS side).
 */
export async function generateAll({ rt, modelDir, outDir, seeds = 8, styleSeeds = 2, styleContentsPer = 4, pathSeeds = 4, log = () => {} }) {
  const { files, manifest } = readPackageFiles(modelDir);
  const pkg = await rt.loadModelPackage({ files });
  const runtime = await rt.LocalRuntime.create(pkg, await rt.createNodeOrt({ threads: 1 }));
  const vocabulary = pkg.files.get('vocabulary.json') ? JSON.parse(new TextDecoder().decode(pkg.files.get('vocabulary.json'))) : rt.labelOnlyVocabulary();
  const spec = runtime.spec;
  const fps = manifest.fps;
  const J = spec.canonical_skeleton.joints.length;
  const chunks = [];
  let offset = 0;
  const samples = [];
  const promptChecks = [];
  const req = (prompt, frames, seed, constraints) => ({
    protocol_version: '1.3',
    model: spec.id,
    skeleton: spec.canonical_skeleton,
    segments: [{ type: 'text', prompt, duration_frames: frames }],
    options: { seed, num_samples: 1 },
    ...(constraints ? { constraints } : {}),
  });
  /** The conditioning a label prompt really produces (must be one-hot on the intended labels). */
  const checkPrompt = (prompt, content, style) => {
    const w = rt.promptWeights(prompt, vocabulary, manifest, 0);
    const ci = manifest.contents.indexOf(content);
    const si = manifest.styles.indexOf(style);
    const exact = Math.abs(w.content[ci] - 1) < 1e-6 && w.content.reduce((a, b) => a + Math.abs(b), 0) < 1 + 1e-6 && Math.abs(w.style[si] - 1) < 1e-6 && w.style.reduce((a, b) => a + Math.abs(b), 0) < 1 + 1e-6;
    promptChecks.push({ prompt, content, style, exact, content_weights: Array.from(w.content), style_weights: Array.from(w.style) });
    return exact;
  };
  const add = (set, meta, result) => {
    const clip = result.document.clips[0];
    const T = clip.frameCount;
    const root = new Float32Array(clip.rootPositions);
    const rot = new Float32Array(clip.rotations);
    chunks.push(Buffer.from(root.buffer, root.byteOffset, root.byteLength), Buffer.from(rot.buffer, rot.byteOffset, rot.byteLength));
    samples.push({ set, ...meta, frames: T, offset, joints: J });
    offset += T * 3 + T * J * 4;
  };
  const T4 = 4 * fps;

  // 1 + 4: contents (and diversity/novelty), `seeds` samples of 4 s each.
  for (const content of manifest.contents) {
    const style = contentStyle(manifest, content);
    const prompt = `${content} ${style}`;
    checkPrompt(prompt, content, style);
    for (let s = 0; s < seeds; s++) add('content', { content, style, prompt, seed: 1000 + s }, await runtime.generate(req(prompt, T4, 1000 + s)));
  }
  log(`generated content set: ${samples.length} samples`);
  // 2: styles, on up to `styleContentsPer` contents each style was trained on.
  for (const style of manifest.styles) {
    for (const content of styleContents(manifest, style).slice(0, styleContentsPer)) {
      const prompt = `${content} ${style}`;
      checkPrompt(prompt, content, style);
      for (let s = 0; s < styleSeeds; s++) add('style', { content, style, prompt, seed: 2000 + s }, await runtime.generate(req(prompt, T4, 2000 + s)));
    }
  }
  log(`generated style set: ${samples.filter((x) => x.set === 'style').length} samples`);
  // 5: root_path following.
  const rp = rootPaths(fps);
  const pathResults = [];
  for (const [kind, xz] of Object.entries(rp.paths)) {
    for (let s = 0; s < pathSeeds; s++) {
      const constraint = { type: 'root_path', frames: rp.keys, positions_xz: xz };
      globalThis.__evalPreWarp = [];
      const r = await runtime.generate(req('walk', rp.frames, 3000 + s, [constraint]));
      const pre = globalThis.__evalPreWarp[0];
      globalThis.__evalPreWarp = undefined;
      const clip = r.document.clips[0];
      const errs = rp.keys.map((f, k) => Math.hypot(clip.rootPositions[f * 3] - xz[k][0], clip.rootPositions[f * 3 + 2] - xz[k][1]));
      const info = runtime.lastInfo;
      const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
      pathResults.push({
        kind,
        seed: 3000 + s,
        mean_error_m: mean(errs),
        max_error_m: Math.max(...errs),
        model_mean_miss_m: pre ? mean(pre.errors) : null,
        model_max_miss_m: info?.rootPathCorrection ?? null,
      });
      add('root_path', { content: 'walk', style: null, prompt: 'walk', seed: 3000 + s, path: kind }, r);
    }
  }
  log(`generated root_path set: ${pathResults.length} samples`);
  // 8 (extra): Node-side time of a 4 s clip, 1 sample (median of 7 after one warm-up).
  const times = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    await runtime.generate(req('a person walks forward', T4, 4000 + i));
    if (i > 0) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  await runtime.dispose();

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'samples.f32'), Buffer.concat(chunks));
  const index = {
    model: { id: manifest.id, version: manifest.version, training: manifest.training ?? null, decoder_sha256: manifest.files?.['decoder.onnx']?.sha256 ?? null },
    fps,
    joints: spec.canonical_skeleton.joints,
    contents: manifest.contents,
    styles: manifest.styles,
    samples,
    prompt_checks: promptChecks,
    root_path: { keys: rp.keys, frames: rp.frames, paths: rp.paths, results: pathResults },
    node_4s_ms: times[Math.floor(times.length / 2)],
    node_4s_ms_all: times,
    execution_provider: runtime.executionProvider,
  };
  writeFileSync(join(outDir, 'index.json'), JSON.stringify(index));
  return index;
}
