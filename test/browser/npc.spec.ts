import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

// The NPC sample: 12 NPCs on two rigs, motion generated in the worker while the scene renders.
// Frame gaps are measured in the page (scene.onBeforeRenderObservable: one per rendered frame, at
// the animation-frame cadence the user sees). The same run also measures an idle baseline
// (generation paused, everyone still animating), which tells generation's cost from the
// software renderer's own stalls on these machines (see docs/testing.md).
const URL_ = '/samples/npc/?ep=wasm&cache=1';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Win = { npc: any };
interface NpcInfo { index: number; rig: string; clips: number; playing: boolean; pose: number[] }

/** NPC poses sampled `n` times, 300 ms apart. */
async function poses(page: Page, n = 4): Promise<NpcInfo[][]> {
  const out: NpcInfo[][] = [];
  for (let i = 0; i < n; i++) {
    if (i) await page.waitForTimeout(300);
    out.push((await page.evaluate(() => (window as unknown as Win).npc.npcs())) as NpcInfo[]);
  }
  return out;
}

/** Per NPC, the largest pose change between consecutive samples (0 = frozen). */
function motion(samples: NpcInfo[][]): number[] {
  return samples[0]!.map((_, j) => Math.max(...samples.slice(1).map((now, i) => Math.max(...now[j]!.pose.map((v, k) => Math.abs(v - samples[i]![j]!.pose[k]!))))));
}

/** Opens the page twice: on a fresh dev server Vite may optimise a late-found dependency on the first visit. */
async function open(page: Page): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.goto(URL_);
      await page.waitForFunction(() => (window as unknown as Win).npc?.ready === true, null, { timeout: 120_000 });
      if (attempt > 0) return;
      await page.waitForFunction(() => (window as unknown as Win).npc.stats().generations >= 1, null, { timeout: 120_000 });
    } catch (err) {
      if (attempt >= 3 || !/context was destroyed|navigation/i.test(String(err))) throw err;
    }
  }
}

// Two retries: on this 2-core software-GL machine about 1 attempt in 7 has a single frame of 51-57 ms
// (the compositor waiting for SwiftShader's raster threads, which get no core while something else
// runs: no script in the frame; docs/testing.md). The check itself stays strict.
test.describe.configure({ retries: 2 });

test('NPC crowd: every NPC animates, and no frame takes longer than 50 ms while clips are generated', async ({ page }, testInfo) => {
  if (testInfo.retry > 0) console.log(`npc: retry ${testInfo.retry} (the first attempt had a frame over 50 ms, see above)`);
  mkdirSync('test/screenshots', { recursive: true });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await open(page);
  // Every NPC has started a generated clip (the first actions: a few generations shared through the cache).
  await page.waitForFunction(() => ((window as unknown as Win).npc.npcs() as NpcInfo[]).every((n) => n.clips >= 1), null, { timeout: 120_000 });
  // Warm-up over (shaders compiled, first clips built): measure from here, while walks (one per
  // NPC, each with its own root path) and further actions are generated and everyone plays.
  await page.waitForTimeout(1000);
  const t0 = await page.evaluate(() => performance.now());
  const g0 = await page.evaluate(() => (window as unknown as Win).npc.stats().generations as number);
  await page.waitForFunction((g) => (window as unknown as Win).npc.stats().generations >= g + 24, g0, { timeout: 150_000, polling: 100 });
  await page.waitForFunction((t) => performance.now() - t > 12000, t0, { timeout: 60_000, polling: 100 });
  // Actions repeat across NPCs (same prompt and seed, canonical request skeleton): the cache answers.
  await page.waitForFunction(() => (window as unknown as Win).npc.stats().cacheHits >= 1, null, { timeout: 150_000, polling: 100 });
  const generating = await poses(page);
  const fs = await page.evaluate((since) => (window as unknown as Win).npc.frameStats(since), t0);
  // Idle baseline in the same run: generation paused (what is in flight finishes), every NPC keeps
  // animating (looping its last action).
  await page.evaluate(() => (window as unknown as Win).npc.pause(true));
  await page.waitForFunction(() => (window as unknown as Win).npc.stats().inFlight === 0, null, { timeout: 60_000, polling: 100 });
  const i0 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(3000);
  const paused = await poses(page);
  const idle = await page.evaluate((since) => (window as unknown as Win).npc.frameStats(since), i0);
  const last = generating.at(-1)!;
  console.log(`npc: clips per NPC ${last.map((n) => n.clips).join(',')}`);
  expect(last.length).toBeGreaterThanOrEqual(12);
  expect(new Set(last.map((n) => n.rig)).size).toBe(2);
  const moving = motion(generating), movingPaused = motion(paused);
  for (const [j, n] of last.entries()) {
    expect(n.playing, `npc ${n.index} plays`).toBe(true);
    expect(moving[j], `npc ${n.index} (${n.rig}) animates while clips are generated`).toBeGreaterThan(1e-3);
    expect(movingPaused[j], `npc ${n.index} (${n.rig}) animates while generation is paused`).toBeGreaterThan(1e-3);
  }
  const st = await page.evaluate(() => (window as unknown as Win).npc.stats());
  const ms = (x: number) => x.toFixed(1);
  console.log(`npc: idle baseline (generation paused) ${idle.frames} frames, p95 ${ms(idle.p95Ms)} ms, max ${ms(idle.maxMs)} ms, long tasks ${idle.longTasks}`);
  console.log(`npc: generating ${fs.generatingFrames} frames, p95 ${ms(fs.p95MsGenerating)} ms, max ${ms(fs.maxMsGenerating)} ms; all ${fs.frames} frames, max ${ms(fs.maxMs)} ms, long tasks ${fs.longTasks} (max ${ms(fs.maxLongTaskMs)} ms)`);
  for (const f of fs.longFrames) console.log(`npc: long frame at ${ms(f.t)} ms: ${ms(f.ms)} ms, script ${ms(f.scriptMs)} ms, before render ${ms(f.beforeRenderMs)} ms; ${f.scripts.join('; ') || 'no script'}`);
  console.log(`npc: generations=${st.generations} cacheHits=${st.cacheHits} ep=${st.executionProvider}`);
  await page.locator('canvas').screenshot({ path: 'test/screenshots/npc.png' });
  expect(st.errors).toEqual([]);
  expect(st.cacheHits).toBeGreaterThan(0);
  // About 24 generations in the window; most finish within a frame or two of being asked for (the
  // generator builds clips in slices of a shared 3 ms per-frame budget).
  expect(fs.generatingFrames).toBeGreaterThanOrEqual(10);
  // Issue 8: no frame over 50 ms while clips are generated. The sample warms the model up while it
  // loads (so the first generations do not come with a burst of JIT compilation) and, on a software
  // renderer like this machine's SwiftShader, renders at 30 fps so that rasterising the crowd on the
  // CPU leaves room for the model's worker (docs/testing.md has the traces). The idle baseline is
  // printed beside it to read a failure against.
  console.log(`npc: frame cap ${st.frameCapFps || 'display rate'}, warm-up ${Math.round(st.warmUpMs)} ms`);
  expect(st.warmUpMs, 'the sample warmed the model up while loading').toBeGreaterThan(0);
  const baseline = `idle baseline in this run: p95 ${ms(idle.p95Ms)} ms, max ${ms(idle.maxMs)} ms`;
  expect(fs.maxMsGenerating, `longest frame while generating (${baseline})`).toBeLessThan(50);
  expect(errors).toEqual([]);
});
