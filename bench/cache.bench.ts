/**
 * `npm run bench -- cache`: clip cache figures in headless Chromium.
 * Starts scripts/serve.mjs on a free port, opens bench/pages/cache/ and prints `key=value` lines;
 * the headline (last line) is `cache_hit_to_play_ms`: median time from `generate()` on a cached
 * 10-second (300-frame), 30-joint clip to its AnimationGroup playing on a 30-node hierarchy.
 * Runs twice: `direct_*` builds the group from Babylon `Animation` keys in the page; the
 * unprefixed lines (and the headline) use the library: `bindCharacter` + `createAnimationGroup`.
 * Options: `--reps N` (hits, default 120), `--misses N` (default 12).
 */
import { spawn } from 'node:child_process';
import { freePort } from './support/dev-server.js';
import { chromium } from 'playwright-core';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not come up within ${ms} ms`);
}

const port = await freePort();
const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await waitFor(`${base}/bench/pages/cache/`, 60_000);
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`${base}/bench/pages/cache/`);
  await page.waitForFunction(() => 'cacheBench' in window, undefined, { timeout: 60_000 });
  const run = (builder: 'direct' | 'facade') =>
    page.evaluate((o) => (window as unknown as { cacheBench: { run(o: unknown): Promise<Record<string, number | string>> } }).cacheBench.run(o), { reps: arg('reps', 120), misses: arg('misses', 12), clips: 10, builder });
  const fmt = (v: number | string) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v));
  console.log(`browser=${browser.version()}`);
  // Reference: the AnimationGroup built here from Babylon Animation keys (no retargeting).
  const direct = await run('direct');
  for (const [k, v] of Object.entries(direct)) if (k !== 'builder') console.log(`direct_${k}=${fmt(v)}`);
  // Headline: the library path, bindCharacter once + createAnimationGroup (retarget included) per hit.
  const facade = await run('facade');
  for (const [k, v] of Object.entries(facade)) if (k !== 'builder') console.log(`${k}=${fmt(v)}`);
} finally {
  await browser.close();
  server.kill();
}
