import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { bandaiPath } from '../support/bandai.js';

interface RetargetPage {
  run(bvh: string, frame: number): Promise<{ rigs: string[]; scales: number[] }>;
  coverage(): { left: number; right: number };
}

test('a retargeted Bandai Namco frame renders on two different rigs side by side', async ({ page }) => {
  test.setTimeout(240_000); // the first run extracts the clips from the 87 MB tarball
  const bvh = readFileSync(bandaiPath('wave'), 'utf8');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/test/pages/retarget/');
  await page.waitForFunction(() => (window as unknown as { retargetPageReady?: boolean }).retargetPageReady === true);
  const info = await page.evaluate(([text, frame]) => (window as unknown as { retargetPage: RetargetPage }).retargetPage.run(text as string, frame as number), [bvh, 75] as const);
  expect(info.rigs).toEqual(['khronos/CesiumMan.glb', 'VALID_White_M_1_Casual_mixamorig.glb']);
  const cov = await page.evaluate(() => (window as unknown as { retargetPage: RetargetPage }).retargetPage.coverage());
  // Both characters are drawn (each half has a few per cent of non-clear pixels) and neither fills its half.
  expect(cov.left).toBeGreaterThan(0.01);
  expect(cov.right).toBeGreaterThan(0.01);
  expect(cov.left).toBeLessThan(0.6);
  expect(cov.right).toBeLessThan(0.6);
  await page.locator('#c').screenshot({ path: 'test/screenshots/retarget-side-by-side.png' });
  expect(errors).toEqual([]);
});
