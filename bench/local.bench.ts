/**
 * `npm run bench -- local`: the in-page model in headless Chromium (WASM EP, 1 and 2 threads).
 * Measures ORT session creation, the first generation and steady-state latency of a 4-second
 * clip (1 sample), with the default model when `models/bn-motion-small/manifest.json` exists,
 * else the test graph. Headline (last line): median steady-state ms with the default thread
 * count of a cross-origin-isolated page on this machine (2 threads).
 */
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { median, startDevServer } from './support/dev-server.js';
import { join } from 'node:path';
import { writeTestModel } from '../test/support/make-test-model.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);

const f1 = (x: number) => x.toFixed(1);

const defaultModel = existsSync('models/bn-motion-small/manifest.json');
let model = '/models/bn-motion-small/';
if (!defaultModel) {
  writeTestModel(join(process.cwd(), '.cache/local-test-model/bench'));
  model = '/.cache/local-test-model/bench/';
}
console.log(`model=${defaultModel ? 'bn-motion-small (default model)' : 'test graph (default model not present)'}`);

const { port, server } = await startDevServer();
const kill = () => server.kill();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const results: Record<number, number> = {};
try {
  // Warm the dev server's transform cache so the first measured page is not penalised.
  {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/test/pages/local/`);
    await page.waitForFunction(() => (window as unknown as { mmcpReady?: boolean }).mmcpReady === true, null, { timeout: 120_000 });
    await page.close();
  }
  for (const threads of [1, 2]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/test/pages/local/`);
    await page.waitForFunction(() => (window as unknown as { mmcpReady?: boolean }).mmcpReady === true, null, { timeout: 120_000 });
    const r = await page.evaluate(
      async ({ model, threads, runs }) => {
        const w = window as unknown as { mmcpLocal: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
        const t0 = performance.now();
        const b = w.mmcpLocal.create({ model, executionProvider: 'wasm', numThreads: threads });
        const info = await b.ready();
        const readyMs = performance.now() - t0;
        const spec = info.capabilities.models[0];
        const req = (seed: number) => w.mmcpLocal.request(spec, { segments: [{ type: 'text', prompt: 'walk', duration_frames: Math.round(4 * spec.fps) }], options: { seed, num_samples: 1 } });
        let t = performance.now();
        const first = await b.generate(req(0));
        const firstMs = performance.now() - t;
        const steady: number[] = [];
        const inference: number[] = [];
        for (let i = 1; i <= runs; i++) {
          t = performance.now();
          const res = await b.generate(req(i));
          steady.push(performance.now() - t);
          inference.push(res.timings.inference);
        }
        b.dispose();
        return { readyMs, sessionMs: info.sessionMs, loadMs: info.loadMs, threads: info.numThreads, isolated: info.crossOriginIsolated, firstMs, firstTimings: first.timings, steady, inference };
      },
      { model, threads, runs: RUNS },
    );
    const med = median(r.steady);
    results[threads] = med;
    console.log(`wasm${threads}_effective_threads=${r.threads}`);
    console.log(`wasm${threads}_session_create_ms=${f1(r.sessionMs)}`);
    console.log(`wasm${threads}_worker_ready_ms=${f1(r.readyMs)}`);
    console.log(`wasm${threads}_first_run_ms=${f1(r.firstMs)}`);
    console.log(`wasm${threads}_steady_4s_ms_median=${f1(med)}`);
    console.log(`wasm${threads}_steady_4s_ms_min=${f1(Math.min(...r.steady))}`);
    console.log(`wasm${threads}_steady_4s_inference_ms_median=${f1(median(r.inference))}`);
    await context.close();
  }
} finally {
  await browser.close();
  kill();
}
console.log(`local_wasm_4s_ms=${f1(results[2]!)}`);
