import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createNodeRuntime } from '../../src/local/node.js';
import { startLoopbackMmcp } from '../support/loopback-mmcp.js';

// The quickstart sample with the default in-page model (models/bn-motion-small): words → motion on
// a real character, checked by sampling bone world positions frame by frame.
const SHOTS = 'test/screenshots';
const MODEL_DIR = 'models/bn-motion-small';

type Vec = [number, number, number];
interface Trace { frames: number[]; positions: Record<string, Vec[]> }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Win = { quickstart: any };

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

// WASM: SwiftShader's WebGPU adapter is CPU-emulated and far slower (docs/testing.md).
const URL_ = '/samples/quickstart/?ep=wasm&cache=0';

/**
 * Opens the page after one warm-up generation: on a fresh dev server Vite may discover a
 * dependency late and reload the page once ("optimized dependencies changed").
 */
async function open(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(URL_);
      await page.waitForFunction(() => (window as unknown as Win).quickstart?.ready === true, null, { timeout: 120_000 });
      if (attempt === 0) {
        await page.evaluate(() => (window as unknown as Win).quickstart.generate('walk', { seconds: 1, seed: 1, samples: 1 }));
        await page.waitForTimeout(500);
        await page.goto(URL_);
        await page.waitForFunction(() => (window as unknown as Win).quickstart?.ready === true, null, { timeout: 120_000 });
      }
      return;
    } catch (err) {
      if (attempt >= 2 || !/context was destroyed|navigation/i.test(String(err))) throw err;
    }
  }
}

/** Counts sign changes of a series, ignoring the band |v| < eps. */
function signChanges(v: number[], eps: number): number {
  let last = 0, n = 0;
  for (const x of v) {
    const s = x > eps ? 1 : x < -eps ? -1 : 0;
    if (s && last && s !== last) n++;
    if (s) last = s;
  }
  return n;
}

test('quickstart: "a person walks forward" walks forward with alternating feet; "wave with the right hand" raises it', async ({ page }) => {
  mkdirSync(SHOTS, { recursive: true });
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1000, height: 620 });
  await open(page);
  expect(await page.evaluate(() => (window as unknown as Win).quickstart.status())).toMatch(/Ready: model bn-motion-small/);

  const walk = await page.evaluate(() => (window as unknown as Win).quickstart.generate('a person walks forward', { seconds: 4, seed: 1, samples: 2 }));
  expect(walk.error).toBeNull();
  expect(walk.samples).toBe(2);
  expect(walk.executionProvider).toMatch(/wasm|webgpu/);
  const status = await page.evaluate(() => (window as unknown as Win).quickstart.status());
  expect(status).toMatch(/2 sample\(s\) in \d+ ms on (wasm|webgpu)/);

  // Both samples travel forward (the character faces scene +Z: the loader's __root__ keeps glTF +Z
  // forward); samples vary in how straight they go, so one of them must be within 30° of straight.
  let straightest = -1, bestAngle = Infinity;
  for (const i of [0, 1]) {
    await page.evaluate((k) => (window as unknown as Win).quickstart.pick(k), i);
    const tr = (await page.evaluate(() => (window as unknown as Win).quickstart.trace(['hips'], 1))) as Trace;
    const h = tr.positions.hips!;
    const dzi = h[h.length - 1]![2] - h[0]![2], dxi = h[h.length - 1]![0] - h[0]![0];
    const angle = (Math.atan2(Math.abs(dxi), dzi) * 180) / Math.PI;
    console.log(`walk sample ${i}: hips moved dz=${dzi.toFixed(2)} m, dx=${dxi.toFixed(2)} m (${angle.toFixed(0)}° off straight)`);
    expect(dzi).toBeGreaterThan(0.8); // ≥ 0.2 m/s forward over 4 s
    if (angle < bestAngle) { bestAngle = angle; straightest = i; }
  }
  expect(bestAngle).toBeLessThan(30);
  await page.evaluate((k) => (window as unknown as Win).quickstart.pick(k), straightest);
  const t = (await page.evaluate(() => (window as unknown as Win).quickstart.trace(['hips', 'leftFoot', 'rightFoot'], 1))) as Trace;
  const hips = t.positions.hips!, lf = t.positions.leftFoot!, rf = t.positions.rightFoot!;
  const n = hips.length;
  expect(n).toBeGreaterThan(100);
  // Hips progress is mostly monotonic (no moonwalk): forward in ≥ 80 % of 10-frame windows.
  let ahead = 0, windows = 0;
  for (let i = 10; i < n; i += 10) { windows++; if (hips[i]![2] > hips[i - 10]![2]) ahead++; }
  expect(ahead / windows).toBeGreaterThanOrEqual(0.8);
  // Feet alternate: which foot is ahead flips at least three times, by > 5 cm each way.
  // Along the direction of travel (hips velocity over ±6 frames), so a walk that curves still counts.
  const lead = lf.map((p, i) => {
    const a = hips[Math.max(0, i - 6)]!, b = hips[Math.min(n - 1, i + 6)]!;
    const vx = b[0] - a[0], vz = b[2] - a[2], len = Math.hypot(vx, vz) || 1;
    return ((p[0] - rf[i]![0]) * vx + (p[2] - rf[i]![2]) * vz) / len;
  });
  const flips = signChanges(lead, 0.05);
  console.log(`walk: foot lead flips=${flips}, range ${Math.min(...lead).toFixed(2)}..${Math.max(...lead).toFixed(2)} m`);
  expect(flips).toBeGreaterThanOrEqual(3);
  // Feet stay on the ground (no sinking below, no flying).
  const footY = [...lf, ...rf].map((p) => p[1]);
  expect(Math.min(...footY)).toBeGreaterThan(-0.05);
  expect(Math.max(...footY)).toBeLessThan(0.45);

  await page.waitForTimeout(1500);
  await page.screenshot({ path: `${SHOTS}/quickstart-walk.png` });

  const wave = await page.evaluate(() => (window as unknown as Win).quickstart.generate('wave with the right hand', { seconds: 3, seed: 2, samples: 1 }));
  expect(wave.error).toBeNull();
  const w = (await page.evaluate(() => (window as unknown as Win).quickstart.trace(['rightHand', 'rightUpperArm', 'leftHand', 'leftUpperArm', 'head'], 1))) as Trace;
  const above = w.positions.rightHand!.map((p, i) => p[1] - w.positions.rightUpperArm![i]![1]);
  const leftAbove = w.positions.leftHand!.map((p, i) => p[1] - w.positions.leftUpperArm![i]![1]);
  const best = above.indexOf(Math.max(...above));
  console.log(`wave: right hand max ${Math.max(...above).toFixed(2)} m above the shoulder (frame ${w.frames[best]}), left hand max ${Math.max(...leftAbove).toFixed(2)} m`);
  expect(Math.max(...above)).toBeGreaterThan(0.1);
  // Above the shoulder for a while (a wave, not a flick): ≥ 20 % of the frames.
  expect(above.filter((v) => v > 0.05).length / above.length).toBeGreaterThan(0.2);
  // The right hand is the one that waves.
  expect(Math.max(...above)).toBeGreaterThan(Math.max(...leftAbove) + 0.1);
  await page.evaluate((f) => (window as unknown as Win).quickstart.freeze(f), w.frames[best]);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/quickstart-wave.png` });

  expect(errors).toEqual([]);
});

test('quickstart with a remote MMCP server (real loopback HTTP server, bearer token)', async ({ page }) => {
  const files = Object.fromEntries(readdirSync(MODEL_DIR).map((f) => [f, new Uint8Array(readFileSync(`${MODEL_DIR}/${f}`))]));
  const runtime = await createNodeRuntime({ files });
  const server = await startLoopbackMmcp(runtime, 'tok-123');
  try {
    const errors = watchConsole(page);
    await page.goto(`/samples/quickstart/?backend=remote&url=${encodeURIComponent(server.url)}&token=tok-123&cache=0`);
    await page.waitForFunction(() => (window as unknown as Win).quickstart?.ready === true, null, { timeout: 120_000 });
    const r = await page.evaluate(() => (window as unknown as Win).quickstart.generate('a person walks forward', { seconds: 3, seed: 4, samples: 1 }));
    expect(r.error).toBeNull();
    expect(await page.evaluate(() => (window as unknown as Win).quickstart.status())).toMatch(/1 sample\(s\) in \d+ ms \(remote\)/);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.segments![0]).toMatchObject({ type: 'text', prompt: 'a person walks forward', duration_frames: 90 });
    const t = (await page.evaluate(() => (window as unknown as Win).quickstart.trace(['hips'], 1))) as Trace;
    const h = t.positions.hips!;
    expect(h[h.length - 1]![2] - h[0]![2]).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
  } finally {
    await server.close();
    await runtime.dispose();
  }
});
