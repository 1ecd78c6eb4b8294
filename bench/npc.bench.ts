/**
 * `npm run bench -- npc`: frame times of the NPC sample (12 NPCs, two rigs, default model in the
 * worker, cache on) in headless Chromium on this machine's renderer. Per page load: ≥ 8 s while
 * walks and actions are generated, then 3 s with generation paused (the idle baseline), measured in
 * the page (`npc.frameStats`: one gap per rendered frame). Headline (last line): the median over
 * runs of the longest frame rendered while a generation was in flight (issue 8: ≤ 50 ms).
 * `BENCH_RUNS` page loads (default 3); `BENCH_QUERY` adds URL switches (e.g. `fps=0&warmup=0`).
 */
import { chromium, type Page } from 'playwright-core';
import { median, startDevServer } from './support/dev-server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const QUERY = process.env.BENCH_QUERY ? `&${process.env.BENCH_QUERY}` : '';

const f1 = (x: number) => x.toFixed(1);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Win = { npc: any };

interface Run { capFps: number; warmUpMs: number; idleP95: number; idleMax: number; genP95: number; genMax: number; genFrames: number; generations: number; longTasks: number }

async function measure(page: Page, url: string): Promise<Run> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as Win).npc?.ready === true, null, { timeout: 180_000 });
  await page.waitForFunction(() => ((window as unknown as Win).npc.npcs() as { clips: number }[]).every((n) => n.clips >= 1), null, { timeout: 180_000 });
  await page.waitForTimeout(1000);
  const t0 = await page.evaluate(() => performance.now());
  const g0 = await page.evaluate(() => (window as unknown as Win).npc.stats().generations as number);
  await page.waitForFunction((g) => (window as unknown as Win).npc.stats().generations >= g + 12, g0, { timeout: 180_000, polling: 100 });
  await page.waitForFunction((t) => performance.now() - t > 8000, t0, { timeout: 60_000, polling: 100 });
  const gen = await page.evaluate((since) => (window as unknown as Win).npc.frameStats(since), t0);
  const st = await page.evaluate(() => (window as unknown as Win).npc.stats());
  await page.evaluate(() => (window as unknown as Win).npc.pause(true));
  await page.waitForFunction(() => (window as unknown as Win).npc.stats().inFlight === 0, null, { timeout: 60_000, polling: 100 });
  const i0 = await page.evaluate(() => performance.now());
  await page.waitForTimeout(3000);
  const idle = await page.evaluate((since) => (window as unknown as Win).npc.frameStats(since), i0);
  return {
    capFps: st.frameCapFps,
    warmUpMs: st.warmUpMs,
    idleP95: idle.p95Ms,
    idleMax: idle.maxMs,
    genP95: gen.p95MsGenerating,
    genMax: gen.maxMsGenerating,
    genFrames: gen.generatingFrames,
    generations: st.generations - g0,
    longTasks: gen.longTasks,
  };
}

const { port, server } = await startDevServer(['--no-hmr']);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'] });
const runs: Run[] = [];
try {
  const url = `http://127.0.0.1:${port}/samples/npc/?ep=wasm&cache=1${QUERY}`;
  // The first visit lets the dev server transform and optimise its dependencies; not measured.
  {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as Win).npc?.ready === true, null, { timeout: 180_000 }).catch(() => {});
    await page.close();
  }
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const r = await measure(page, url);
    runs.push(r);
    console.log(`run=${i + 1} generating_frames=${r.genFrames} generations=${r.generations} generating_p95_ms=${f1(r.genP95)} generating_max_ms=${f1(r.genMax)} idle_p95_ms=${f1(r.idleP95)} idle_max_ms=${f1(r.idleMax)} long_tasks=${r.longTasks}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill();
}
console.log(`npc_query=${QUERY || '(defaults)'}`);
console.log(`npc_frame_cap_fps=${runs[0]?.capFps ?? 'n/a'}`);
console.log(`npc_warm_up_ms=${f1(median(runs.map((r) => r.warmUpMs)))}`);
console.log(`npc_idle_max_ms=${f1(median(runs.map((r) => r.idleMax)))}`);
console.log(`npc_generating_p95_ms=${f1(median(runs.map((r) => r.genP95)))}`);
console.log(`npc_generating_max_ms_worst=${f1(Math.max(...runs.map((r) => r.genMax)))}`);
console.log(`npc_generating_max_ms=${f1(median(runs.map((r) => r.genMax)))}`);
