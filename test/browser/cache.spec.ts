import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Api = {
  setup(o?: { dbName?: string; maxBytes?: number; unseeded?: 'bypass' | 'any-cached-sample'; quota?: 'none' | 'once' | 'always'; delayMs?: number; lockTimeoutMs?: number }): Promise<{ joints: number }>;
  generate(prompt: string, seed?: number | null, frames?: number, abortAfterMs?: number): Promise<{ cached: boolean; calls: number; requestId: string; size: number; frames: number; joints: number; rot: number[]; cacheEvents: unknown[] }>;
  corrupt(prompt: string, seed?: number | null, frames?: number): Promise<string>;
  list(): Promise<Array<{ key: string; summary: string; size: number; lastUsed: number; seeded: boolean; frames: number; samples: number }>>;
  stats(): Promise<{ entries: number; bytes: number; hits: number; misses: number; evictions: number; corrupt: number; storeFailures: number }>;
  clear(): Promise<void>;
  warnings(): Promise<Array<{ code: string; message: string }>>;
  calls(): Promise<number>;
  setQuota(q: 'none' | 'once' | 'always'): Promise<void>;
  exportFirst(): Promise<{ filename: string; size: number; type: string }>;
  locks: boolean;
};
declare global {
  interface Window {
    cacheTest: Api;
  }
}

async function open(page: Page, opts: Parameters<Api['setup']>[0] = {}, clear = true) {
  await page.goto('/test/pages/cache/');
  await page.waitForFunction(() => window.cacheTest !== undefined);
  await page.evaluate(async ([o, c]) => {
    await window.cacheTest.setup(o);
    if (c) await window.cacheTest.clear();
  }, [opts, clear] as const);
}

test.describe('clip cache in IndexedDB (real Chromium)', () => {
  test('a hit survives a page reload; export gives a .glb file', async ({ page }) => {
    await open(page);
    const first = await page.evaluate(() => window.cacheTest.generate('walk forward', 3, 300));
    expect(first).toMatchObject({ cached: false, calls: 1, frames: 300, joints: 30, cacheEvents: [{ stage: 'cache', hit: false }] });
    await page.reload();
    await open(page, {}, false);
    const again = await page.evaluate(() => window.cacheTest.generate('walk forward', 3, 300));
    expect(again).toMatchObject({ cached: true, calls: 0, requestId: first.requestId, size: first.size, cacheEvents: [{ stage: 'cache', hit: true }] });
    expect(again.rot).toEqual(first.rot);
    const file = await page.evaluate(() => window.cacheTest.exportFirst());
    expect(file).toMatchObject({ type: 'model/gltf-binary', size: first.size });
    expect(file.filename).toMatch(/^walk-forward-[0-9a-f]{8}\.glb$/);
  });

  test('a hit survives closing the browser (persistent profile, same dir)', async ({ baseURL }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mmcp-cache-profile-'));
    const launch = () =>
      chromium.launchPersistentContext(dir, {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        baseURL,
        args: ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
    try {
      let ctx = await launch();
      let page = ctx.pages()[0] ?? (await ctx.newPage());
      await open(page);
      const first = await page.evaluate(() => window.cacheTest.generate('sit down', 11, 90));
      expect(first.cached).toBe(false);
      await ctx.close();
      ctx = await launch();
      page = ctx.pages()[0] ?? (await ctx.newPage());
      await open(page, {}, false);
      const again = await page.evaluate(() => window.cacheTest.generate('sit down', 11, 90));
      expect(again).toMatchObject({ cached: true, calls: 0, requestId: first.requestId });
      await ctx.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('eviction follows least-recent use under a small budget', async ({ page }) => {
    await open(page);
    const size = (await page.evaluate(() => window.cacheTest.generate('probe', 1, 60))).size;
    await open(page, { maxBytes: Math.floor(size * 2.5) });
    const summaries = await page.evaluate(async () => {
      const t = window.cacheTest;
      await t.generate('a', 1, 60);
      await t.generate('b', 1, 60);
      const hitA = (await t.generate('a', 1, 60)).cached; // a is now more recent than b
      await t.generate('c', 1, 60); // over budget: b must go
      return { hitA, list: (await t.list()).map((m) => m.summary), stats: await t.stats() };
    });
    expect(summaries.hitA).toBe(true);
    expect(summaries.list).toEqual(['"c" 2.0 s', '"a" 2.0 s']);
    expect(summaries.stats).toMatchObject({ entries: 2, evictions: 1 });
    expect(summaries.stats.bytes).toBeLessThanOrEqual(Math.floor(size * 2.5));
    const after = await page.evaluate(async () => [(await window.cacheTest.generate('a', 1, 60)).cached, (await window.cacheTest.generate('b', 1, 60)).cached]);
    expect(after).toEqual([true, false]);
  });

  test('a QuotaExceededError is survived: once → evict and retry; always → clip returned uncached with a warning', async ({ page }) => {
    await open(page);
    const r = await page.evaluate(async () => {
      const t = window.cacheTest;
      await t.generate('old', 1, 60);
      await t.setQuota('once');
      const once = await t.generate('new', 1, 60);
      const listOnce = (await t.list()).map((m) => m.summary);
      const warnOnce = await t.warnings();
      await t.setQuota('always');
      const always = await t.generate('newer', 1, 60);
      const again = await t.generate('newer', 1, 60);
      return { once, listOnce, warnOnce, always, again, list: (await t.list()).map((m) => m.summary), warnings: await t.warnings(), stats: await t.stats() };
    });
    expect(r.once).toMatchObject({ cached: false, frames: 60, joints: 30 });
    expect(r.listOnce).toEqual(['"new" 2.0 s']);
    expect(r.warnOnce).toEqual([]);
    expect(r.always).toMatchObject({ cached: false, frames: 60, joints: 30 });
    expect(r.again).toMatchObject({ cached: false });
    expect(r.list).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['quota_exceeded', 'quota_exceeded']);
    expect(r.stats).toMatchObject({ evictions: 2, storeFailures: 2 });
  });

  test('a corrupted entry is detected, evicted and regenerated', async ({ page }) => {
    await open(page);
    const r = await page.evaluate(async () => {
      const t = window.cacheTest;
      const first = await t.generate('spin', 5, 60);
      await t.corrupt('spin', 5, 60);
      const second = await t.generate('spin', 5, 60);
      const third = await t.generate('spin', 5, 60);
      return { first, second, third, warnings: await t.warnings(), stats: await t.stats() };
    });
    expect(r.second).toMatchObject({ cached: false, calls: 2 });
    expect(r.second.rot).toEqual(r.first.rot);
    expect(r.third).toMatchObject({ cached: true, calls: 2 });
    expect(r.warnings.map((w) => w.code)).toEqual(['corrupt_entry']);
    expect(r.stats).toMatchObject({ corrupt: 1, entries: 1 });
  });

  test('two concurrent identical requests make one backend call (same tab and across tabs)', async ({ page, context }) => {
    await open(page, { delayMs: 300 });
    const same = await page.evaluate(async () => {
      const t = window.cacheTest;
      const [a, b] = await Promise.all([t.generate('wave', 2, 60), t.generate('wave', 2, 60)]);
      return { a, b, calls: await t.calls() };
    });
    expect(same.calls).toBe(1);
    expect(same.b.requestId).toBe(same.a.requestId);

    expect(await page.evaluate(() => window.cacheTest.locks)).toBe(true);
    const other = await context.newPage();
    await open(other, { delayMs: 300 }, false);
    const [x, y] = await Promise.all([
      page.evaluate(() => window.cacheTest.generate('bow', 4, 60)),
      other.evaluate(() => window.cacheTest.generate('bow', 4, 60)),
    ]);
    const calls = (await page.evaluate(() => window.cacheTest.calls())) + (await other.evaluate(() => window.cacheTest.calls()));
    expect(calls - 1).toBe(1); // one for "wave" above, one for "bow" across both tabs
    expect([x.cached, y.cached].sort()).toEqual([false, true]);
    expect(x.requestId).toBe(y.requestId);
  });

  test('unseeded requests: bypass always generates (and stores); any-cached-sample serves the stored one', async ({ page }) => {
    await open(page);
    const bypass = await page.evaluate(async () => {
      const t = window.cacheTest;
      const a = await t.generate('idle', null, 60);
      const b = await t.generate('idle', null, 60);
      return { a, b, list: await t.list() };
    });
    expect([bypass.a.cached, bypass.b.cached, bypass.b.calls]).toEqual([false, false, 2]);
    expect(bypass.a.rot).not.toEqual(bypass.b.rot);
    expect(bypass.list).toHaveLength(1);
    expect(bypass.list[0]!.seeded).toBe(false);
    await open(page, { unseeded: 'any-cached-sample' }, false);
    const any = await page.evaluate(() => window.cacheTest.generate('idle', null, 60));
    expect(any).toMatchObject({ cached: true, calls: 0, requestId: bypass.b.requestId });
  });

  test('a tab waiting on another tab\'s lock can abort, and a stuck lock is given up after lockTimeoutMs', async ({ page, context }) => {
    await open(page, { delayMs: 3000 });
    const other = await context.newPage();
    await open(other, { delayMs: 0, lockTimeoutMs: 300 }, false);
    const first = page.evaluate(() => window.cacheTest.generate('kneel', 9, 60));
    await page.waitForTimeout(200); // tab 1 holds the lock while generating
    const t0 = Date.now();
    const aborted = await other.evaluate(() => window.cacheTest.generate('kneel', 9, 60, 100).then(() => 'resolved', (e: { code?: string }) => e.code));
    expect(aborted).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(1000);
    const t1 = Date.now();
    const own = await other.evaluate(() => window.cacheTest.generate('kneel', 9, 60));
    expect(Date.now() - t1).toBeLessThan(2500); // did not wait for tab 1's 3 s generation
    expect(own).toMatchObject({ cached: false, calls: 1 });
    expect((await other.evaluate(() => window.cacheTest.warnings())).map((w) => w.code)).toEqual(['lock_unavailable']);
    expect(await first).toMatchObject({ cached: false, calls: 1 });
  });
});
