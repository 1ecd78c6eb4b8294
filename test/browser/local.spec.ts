import { chromium, expect, test, type Page } from '@playwright/test';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeTestModel } from '../support/make-test-model.js';

// Test packages are written under .cache/ (gitignored) and served by the dev server.
const ROOT = join(process.cwd(), '.cache/local-test-model');
const TINY = '/.cache/local-test-model/tiny/';
const WIDE = '/.cache/local-test-model/wide/';

test.beforeAll(() => {
  writeTestModel(join(ROOT, 'tiny'));
  writeTestModel(join(ROOT, 'wide'), { hidden: 512, id: 'test-motion-wide' });
});

async function open(page: Page): Promise<void> {
  await page.goto('/test/pages/local/');
  await page.waitForFunction(() => (window as unknown as { mmcpReady?: boolean }).mmcpReady === true, null, { timeout: 60_000 });
}

type Win = { mmcpLocal: any; backend?: any; wasmResult?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

test('generates end-to-end on WASM in a worker; results are transferred, not copied', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const b = w.mmcpLocal.create({ model, executionProvider: 'wasm' });
    const info = await b.ready();
    const caps = await b.capabilities();
    const steps: number[] = [];
    const r = await b.generate(w.mmcpLocal.request(caps.models[0], { options: { seed: 4, num_samples: 2 } }), {
      onProgress: (e: { stage: string; step?: number }) => e.stage === 'step' && steps.push(e.step!),
    });
    const parsed = w.mmcpLocal.parseMotionDocument(r.bytes);
    const transfer = await b.lastTransfer();
    b.dispose();
    return {
      id: info.id,
      ep: r.executionProvider,
      threads: info.numThreads,
      isolated: info.crossOriginIsolated,
      clips: r.document.clips.length,
      frames: r.document.clips[0].frameCount,
      isF32: r.document.clips[0].rotations instanceof Float32Array,
      glb: new TextDecoder().decode(r.bytes.slice(0, 4)),
      sameRoot: JSON.stringify(Array.from(parsed.clips[1].rootPositions)) === JSON.stringify(Array.from(r.document.clips[1].rootPositions)),
      traj: r.document.clips[0].trajectory?.model,
      contacts: Object.keys(r.document.clips[0].footContacts ?? {}),
      timings: Object.keys(r.timings).sort(),
      steps,
      transfer,
    };
  }, TINY);
  expect(out).toMatchObject({ id: 'local:test-motion-tiny@0.0.1', ep: 'wasm', threads: 2, isolated: true, clips: 2, frames: 120, isF32: true, glb: 'glTF', sameRoot: true });
  expect(['still', 'line', 'arc']).toContain(out.traj);
  expect(out.contacts).toEqual(['LeftFoot', 'RightFoot']);
  expect(out.timings).toEqual(['condition', 'decode', 'encode', 'inference', 'total', 'validate']);
  expect(out.steps).toEqual([1, 2]);
  // Every clip array and the GLB moved out of the worker (their buffers are detached there).
  expect(out.transfer.detached).toBe(true);
  expect(out.transfer.buffers).toBeGreaterThanOrEqual(1 + 2 * 6);
});

test('WebGPU (SwiftShader adapter) gives the same clip as WASM within 1e-4', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const run = async (ep: string) => {
      const b = w.mmcpLocal.create({ model, executionProvider: ep });
      const caps = await b.capabilities();
      const r = await b.generate(w.mmcpLocal.request(caps.models[0], { segments: [{ type: 'text', prompt: 'run', duration_frames: 64 }], options: { seed: 9 } }));
      b.dispose();
      return r;
    };
    const a = await run('wasm');
    const g = await run('webgpu');
    let rot = 0;
    let pos = 0;
    const ca = a.document.clips[0];
    const cg = g.document.clips[0];
    for (let i = 0; i < ca.rotations.length; i++) rot = Math.max(rot, Math.abs(ca.rotations[i] - cg.rotations[i]));
    for (let i = 0; i < ca.rootPositions.length; i++) pos = Math.max(pos, Math.abs(ca.rootPositions[i] - cg.rootPositions[i]));
    const sameContacts = JSON.stringify(Object.values(ca.footContacts).map((c: any) => Array.from(c))) === JSON.stringify(Object.values(cg.footContacts).map((c: any) => Array.from(c))); // eslint-disable-line @typescript-eslint/no-explicit-any
    return { eps: [a.executionProvider, g.executionProvider], rot, pos, sameContacts };
  }, TINY);
  expect(out.eps).toEqual(['wasm', 'webgpu']);
  expect(out.rot).toBeLessThan(1e-4);
  expect(out.pos).toBeLessThan(1e-4);
  expect(out.sameContacts).toBe(true);
});

test('bad requests get exactly the error a remote MMCP server gives', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const b = w.mmcpLocal.create({ model, executionProvider: 'wasm' });
    const spec = (await b.capabilities()).models[0];
    const bad = [
      w.mmcpLocal.request(spec, { segments: [{ type: 'pose', prompt: 'stand' }] }),
      w.mmcpLocal.request(spec, { constraints: [{ type: 'root_path', frames: [0, 120], positions_xz: [[0, 0], [1, 1]] }] }),
    ];
    const res = [];
    for (const req of bad) {
      const expected = w.mmcpLocal.validateRequest(req, spec);
      try {
        await b.generate(req);
        res.push({ got: null, expected: expected?.toJSON() });
      } catch (err: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
        res.push({ got: { name: err.name, code: err.code, status: err.status, message: err.message, details: err.details, isMmcp: err instanceof Error }, expected: expected?.toJSON() });
      }
    }
    b.dispose();
    return res;
  }, TINY);
  expect(out[0]!.got).toMatchObject({ name: 'MmcpError', code: 'unsupported_segment', status: 400, isMmcp: true, details: { supported_segments: ['text', 'unconditioned'] } });
  expect(out[1]!.got).toMatchObject({ code: 'frame_out_of_range', status: 400, details: { frame: 120, total_frames: 120 } });
  for (const r of out) {
    expect(r.got?.code).toBe(r.expected.code);
    expect(r.got?.message).toBe(r.expected.message);
    expect(r.got?.details).toEqual(r.expected.details);
  }
});

test('abort mid-generation stops the worker between steps and leaves it usable; queued requests run in order', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const b = w.mmcpLocal.create({ model, executionProvider: 'wasm' });
    const spec = (await b.capabilities()).models[0];
    const ctrl = new AbortController();
    let seen = 0;
    let total = 0;
    const long = w.mmcpLocal.request(spec, { segments: [{ type: 'text', prompt: 'walk', duration_frames: 900 }], options: { seed: 1, num_samples: 16 } });
    const t0 = performance.now();
    const aborted = b.generate(long, {
      signal: ctrl.signal,
      onProgress: (e: { stage: string; steps?: number }) => {
        if (e.stage !== 'step') return;
        seen++;
        total = e.steps!;
        if (seen === 2) ctrl.abort();
      },
    });
    // Queued behind the aborted one: must still run, in order, after it stops.
    const after = b.generate(w.mmcpLocal.request(spec, { options: { seed: 2 } }));
    let code = '';
    try { await aborted; } catch (err: any) { code = err.code; } // eslint-disable-line @typescript-eslint/no-explicit-any
    const abortMs = performance.now() - t0;
    const ok = await after;
    const seenAtEnd = seen;
    b.dispose();
    return { code, abortMs, seen: seenAtEnd, total, okFrames: ok.document.clips[0].frameCount };
  }, WIDE);
  expect(out.code).toBe('aborted');
  expect(out.total).toBe(64);
  expect(out.seen).toBeLessThan(out.total);
  expect(out.okFrames).toBe(120);
});

test('a generation past its deadline rejects with timeout and the next call gets a fresh worker', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const b = w.mmcpLocal.create({ model, executionProvider: 'wasm' });
    const spec = (await b.capabilities()).models[0];
    const long = w.mmcpLocal.request(spec, { segments: [{ type: 'text', prompt: 'walk', duration_frames: 900 }], options: { seed: 1, num_samples: 16 } });
    let code = '';
    try { await b.generate(long, { timeoutMs: 30 }); } catch (err: any) { code = err.code; } // eslint-disable-line @typescript-eslint/no-explicit-any
    const again = await b.generate(w.mmcpLocal.request(spec, { options: { seed: 5 } }));
    b.dispose();
    return { code, frames: again.document.clips[0].frameCount };
  }, WIDE);
  expect(out).toEqual({ code: 'timeout', frames: 120 });
});

test('a tampered or missing package fails to load with a typed error', async ({ page }) => {
  const dir = join(ROOT, 'tampered');
  const pkg = writeTestModel(dir, { id: 'test-motion-tampered' });
  const bytes = pkg.files['decoder.onnx']!.slice();
  bytes[200] = bytes[200]! ^ 0x55;
  writeFileSync(join(dir, 'decoder.onnx'), bytes);
  await open(page);
  const out = await page.evaluate(async (models) => {
    const w = window as unknown as Win;
    const res = [];
    for (const model of models) {
      const b = w.mmcpLocal.create({ model, executionProvider: 'wasm', cache: false });
      try {
        await b.ready();
        res.push(null);
      } catch (err: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
        res.push({ code: err.code, reason: err.details.reason, file: err.details.file });
      }
      b.dispose();
    }
    return res;
  }, ['/.cache/local-test-model/tampered/', '/.cache/local-test-model/does-not-exist/']);
  expect(out[0]).toEqual({ code: 'model_load_failed', reason: 'sha256_mismatch', file: 'decoder.onnx' });
  expect(out[1]).toMatchObject({ code: 'model_load_failed', reason: 'http' });
});

test('a killed worker fails in-flight calls with worker_crashed and the next call starts a fresh one', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const b = w.mmcpLocal.create({ model, executionProvider: 'wasm', trackWorker: true });
    const spec = (await b.capabilities()).models[0];
    const long = w.mmcpLocal.request(spec, { segments: [{ type: 'text', prompt: 'walk', duration_frames: 900 }], options: { seed: 1, num_samples: 16 } });
    let killed = false;
    const p = b.generate(long, {
      onProgress: (e: { stage: string }) => {
        if (e.stage === 'step' && !killed) killed = w.mmcpLocal.terminateLastWorker();
      },
    });
    const t0 = performance.now();
    let code = '';
    try { await p; } catch (err: any) { code = err.code; } // eslint-disable-line @typescript-eslint/no-explicit-any
    const failMs = performance.now() - t0;
    // The next call starts a fresh worker and reports the reload (from the IndexedDB cache) as progress.
    const stages: string[] = [];
    const again = await b.generate(w.mmcpLocal.request(spec, { options: { seed: 5 } }), { onProgress: (e: { stage: string }) => stages.push(e.stage) });
    b.dispose();
    return { killed, code, failMs, frames: again.document.clips[0].frameCount, loading: stages.includes('loading'), lastStage: stages.at(-1) };
  }, WIDE);
  expect(out.killed).toBe(true);
  expect(out.code).toBe('worker_crashed');
  expect(out.failMs).toBeLessThan(5000);
  expect(out.frames).toBe(120);
  expect(out.loading).toBe(true);
  expect(out.lastStage).toBe('step');
});

test('model bytes come from IndexedDB on the next visit, also with the network gone', async ({ page }) => {
  const dir = join(ROOT, 'cache-visit');
  writeTestModel(dir, { id: 'test-motion-cache' });
  const model = '/.cache/local-test-model/cache-visit/';
  const load = () =>
    page.evaluate(async (m) => {
      const w = window as unknown as Win;
      const progress: Array<{ loaded: number; total: number; fromCache: boolean }> = [];
      const b = w.mmcpLocal.create({ model: m, executionProvider: 'wasm', onLoadProgress: (p: { loaded: number; total: number; fromCache: boolean }) => progress.push(p) });
      const info = await b.ready();
      const caps = await b.capabilities();
      const r = await b.generate(w.mmcpLocal.request(caps.models[0], { options: { seed: 1 } }));
      b.dispose();
      const last = progress.at(-1)!;
      return {
        cached: [...info.cachedFiles].sort(),
        manifestFromCache: info.manifestFromCache,
        frames: r.document.clips[0].frameCount,
        progressComplete: last.loaded === last.total && last.total > 0,
        progressFromCache: progress.every((p) => p.fromCache),
      };
    }, model);
  await open(page);
  await page.evaluate(() => (window as unknown as Win).mmcpLocal.clearModelCache());
  expect(await load()).toEqual({ cached: [], manifestFromCache: false, frames: 120, progressComplete: true, progressFromCache: false });
  await page.reload();
  await open(page);
  expect(await load()).toEqual({ cached: ['decoder.onnx', 'vocabulary.json'], manifestFromCache: false, frames: 120, progressComplete: true, progressFromCache: true });
  rmSync(dir, { recursive: true, force: true }); // the server now answers 404 for the whole package
  await page.reload();
  await open(page);
  expect(await load()).toEqual({ cached: ['decoder.onnx', 'vocabulary.json'], manifestFromCache: true, frames: 120, progressComplete: true, progressFromCache: true });
});

test('while generating, the main thread has no long task over 50 ms and the Babylon scene keeps rendering', async ({ page }) => {
  await page.goto('/test/pages/local/scene.html');
  await page.waitForFunction(() => ((window as unknown as { sceneTest?: { frames(): number } }).sceneTest?.frames() ?? 0) > 10, null, { timeout: 60_000 });
  // The machine is shared (2 cores): other processes can starve the main thread regardless of
  // what the page does (each attempt also records an idle 1 s baseline to show it). So up to 4
  // measurements; our code must give at least one clean run. Work we put on the main thread
  // (decoding, parsing, copying results) would show up in every attempt.
  const attempts: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 4; i++) {
    const out = await page.evaluate((model) => (window as unknown as { sceneTest: { measure(m: string, s: number, n: number): Promise<Record<string, unknown>> } }).sceneTest.measure(model, 10, 8), WIDE);
    attempts.push({ ms: out.ms, frames: out.frames, steps: out.steps, maxLongTask: out.maxLongTask, longTasks: out.longTasks, baselineLongTasks: out.baselineLongTasks, loadLongTasks: (out.loadLongTasks as unknown[]).length });
    expect(out.clips).toBe(8);
    if ((out.longTasks as unknown[]).length === 0) break;
  }
  console.log('long-task check:', JSON.stringify(attempts));
  const clean = attempts.at(-1)!;
  expect(clean.longTasks).toEqual([]);
  // Rendering continued: at least ~10 frames per second of generation.
  expect(clean.frames as number).toBeGreaterThan(Math.max(3, ((clean.ms as number) / 1000) * 10));
});

test('the published build (dist/local.js) starts dist/local-worker.js by default and generates', async ({ page }) => {
  test.skip(!existsSync(join(process.cwd(), 'dist/local-worker.js')), 'needs `npm run build` first');
  await page.goto('/test/pages/local/dist.html');
  await page.waitForFunction(() => (window as unknown as { distLocal?: unknown }).distLocal !== undefined, null, { timeout: 60_000 });
  const out = await page.evaluate(async (model) => {
    const { LocalBackend } = (window as unknown as { distLocal: { LocalBackend: any } }).distLocal; // eslint-disable-line @typescript-eslint/no-explicit-any
    const b = await LocalBackend.create({ model, executionProvider: 'wasm' });
    const spec = (await b.capabilities()).models[0];
    const r = await b.generate({ protocol_version: '1.3', model: spec.id, skeleton: spec.canonical_skeleton, segments: [{ type: 'text', prompt: 'run', duration_frames: 40 }], options: { seed: 1 } });
    const ids = [b.id, r.executionProvider, r.document.clips[0].frameCount];
    b.dispose();
    return ids;
  }, TINY);
  expect(out).toEqual(['local:test-motion-tiny@0.0.1', 'wasm', 40]);
});

test('auto picks WebGPU when an adapter exists; without COOP/COEP the WASM provider runs one thread', async ({ page }) => {
  // Serve the page without the isolation headers (the worker then is not cross-origin isolated either).
  await page.route('**/test/pages/local/', async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response: res, headers });
  });
  await open(page);
  const out = await page.evaluate(async (model) => {
    const w = window as unknown as Win;
    const auto = w.mmcpLocal.create({ model });
    const a = await auto.ready();
    auto.dispose();
    const wasm = w.mmcpLocal.create({ model, executionProvider: 'wasm', numThreads: 2 });
    const info = await wasm.ready();
    const spec = info.capabilities.models[0];
    const r = await wasm.generate(w.mmcpLocal.request(spec, { options: { seed: 1 } }));
    wasm.dispose();
    return { pageIsolated: self.crossOriginIsolated, auto: a.executionProvider, wasmIsolated: info.crossOriginIsolated, threads: info.numThreads, frames: r.document.clips[0].frameCount };
  }, TINY);
  expect(out).toEqual({ pageIsolated: false, auto: 'webgpu', wasmIsolated: false, threads: 1, frames: 120 });
});

test('without a WebGPU adapter, auto falls back to WASM and a forced webgpu is refused with a typed error', async ({ baseURL }) => {
  // A second browser without --enable-unsafe-webgpu: requestAdapter() returns null there.
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--disable-quic', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await (await browser.newContext({ baseURL })).newPage();
    await open(page);
    const out = await page.evaluate(async (model) => {
      const w = window as unknown as Win;
      const adapter = await (navigator as unknown as { gpu: { requestAdapter(): Promise<unknown> } }).gpu.requestAdapter();
      const auto = w.mmcpLocal.create({ model });
      const a = await auto.ready();
      auto.dispose();
      const gpu = w.mmcpLocal.create({ model, executionProvider: 'webgpu' });
      let err = null;
      try { await gpu.ready(); } catch (e: any) { err = { code: e.code, reason: e.details.reason }; } // eslint-disable-line @typescript-eslint/no-explicit-any
      gpu.dispose();
      return { adapter: adapter !== null, auto: a.executionProvider, err };
    }, TINY);
    expect(out).toEqual({ adapter: false, auto: 'wasm', err: { code: 'model_load_failed', reason: 'webgpu_unavailable' } });
  } finally {
    await browser.close();
  }
});

test('warmUp() runs a walk on a root path, an action and two segments, and reports refused prompts', async ({ page }) => {
  await open(page);
  const out = await page.evaluate(async () => {
    const w = window as unknown as Win;
    const b = w.mmcpLocal.create({ model: '/models/bn-motion-small/', executionProvider: 'wasm' });
    const full = await b.warmUp({ rounds: 1 });
    // A prompt the model does not understand is reported, not thrown; the rest still runs.
    const partial = await b.warmUp({ rounds: 1, prompts: ['walk', 'the teapot sings'] });
    const aborted = await b.warmUp({ signal: AbortSignal.abort() }).then(() => 'resolved', (e: { code: string }) => e.code);
    b.dispose();
    return { full, partial, aborted };
  });
  expect(out.full.generations).toBe(3);
  expect(out.full.failures).toEqual([]);
  expect(out.full.ms).toBeGreaterThan(0);
  expect(out.partial.generations).toBe(1);
  expect(out.partial.failures).toHaveLength(2);
  expect(out.partial.failures[0]).toMatch(/No action understood in "the teapot sings"/);
  expect(out.aborted).toBe('aborted');
});
